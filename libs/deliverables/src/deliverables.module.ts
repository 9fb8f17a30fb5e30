// Deliverables (with their workflow and history) and milestones.
import { Module, type OnModuleInit } from '@nestjs/common';
import { ReviewScopeRegistry } from '@vigia/auth';
import { DeliverablesController } from './deliverables.controller';
import { DeliverablesService } from './deliverables.service';
import { MilestonesController } from './milestones.controller';
import { MilestonesService } from './milestones.service';

@Module({
  controllers: [DeliverablesController, MilestonesController],
  providers: [DeliverablesService, MilestonesService],
  exports: [DeliverablesService, MilestonesService],
})
export class DeliverablesModule implements OnModuleInit {
  constructor(private readonly scopes: ReviewScopeRegistry) {}

  /** Lets the AccessGuard find the review behind /deliverables/:id and /milestones/:id. */
  onModuleInit(): void {
    this.scopes.registerTable('deliverable', 'deliverables', 'review_id');
    this.scopes.registerTable('milestone', 'milestones', 'review_id');
  }
}
