// Catalogues shared by every review: focus areas and the OECD principles.
import { Module } from '@nestjs/common';
import { CataloguesService } from './catalogues.service';
import { FocusAreasController } from './focus-areas.controller';
import { PrinciplesController } from './principles.controller';

@Module({
  controllers: [FocusAreasController, PrinciplesController],
  providers: [CataloguesService],
  exports: [CataloguesService],
})
export class CataloguesModule {}
