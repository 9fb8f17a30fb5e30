// Catalogues shared by every review: focus areas and the OECD principles.
import { Module } from '@nestjs/common';

@Module({})
export class CataloguesModule {}
