// The ISSSTESON demo engagement, loaded from the source documents in seeds/.
import { Module } from '@nestjs/common';

@Module({})
export class DemoModule {}
