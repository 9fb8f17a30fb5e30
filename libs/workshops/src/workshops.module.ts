// Capacity-building workshops, their participants, attendance and evaluation.
import { Module, OnModuleInit } from '@nestjs/common';
import { ReviewScopeRegistry } from '@vigia/auth';
import { ParticipantsController } from './participants.controller';
import { ParticipantsService } from './participants.service';
import { WorkshopsController } from './workshops.controller';
import { WorkshopsService } from './workshops.service';

@Module({
  controllers: [WorkshopsController, ParticipantsController],
  providers: [WorkshopsService, ParticipantsService],
  exports: [WorkshopsService],
})
export class WorkshopsModule implements OnModuleInit {
  constructor(private readonly scopes: ReviewScopeRegistry) {}

  /** Lets the AccessGuard find the review behind /workshops/:id and /participants/:id. */
  onModuleInit(): void {
    this.scopes.registerTable('workshop', 'workshops', 'review_id');
    this.scopes.registerTable('participant', 'workshop_participants', 'review_id');
  }
}
