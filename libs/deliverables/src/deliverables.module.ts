// Deliverables (with their workflow and history) and milestones.
import { Module } from '@nestjs/common';

@Module({})
export class DeliverablesModule {}
