// Capacity-building workshops, their participants, attendance and evaluation.
import { Module } from '@nestjs/common';

@Module({})
export class WorkshopsModule {}
