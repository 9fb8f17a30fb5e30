// Institutions under review, and their indicators.
import { Module } from '@nestjs/common';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';
import { InstitutionsController } from './institutions.controller';
import { InstitutionsService } from './institutions.service';

@Module({
  controllers: [InstitutionsController, IndicatorsController],
  providers: [InstitutionsService, IndicatorsService],
  exports: [InstitutionsService, IndicatorsService],
})
export class InstitutionsModule {}
