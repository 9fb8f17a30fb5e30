// Findings (workflow, register, comments), recommendations and their follow-ups, and the review summary.
import { Module } from '@nestjs/common';

@Module({})
export class FindingsModule {}
