// Recommendations and their follow-ups (also from a later review that follows the first up), and the review summary.
import { Module, type OnModuleInit } from '@nestjs/common';
import { ReviewScopeRegistry } from '@vigia/auth';
import { FindingsModule } from '../findings.module';
import { FollowUpsController } from './follow-ups.controller';
import { FollowUpsService } from './follow-ups.service';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';
import { VIA_FOLLOW_UP, VIA_RECOMMENDATION } from './review-scopes';
import { SummaryController } from './summary.controller';
import { SummaryService } from './summary.service';

// /findings/:id/recommendations resolves findings through the name FindingsModule registers.
@Module({
  imports: [FindingsModule],
  controllers: [RecommendationsController, FollowUpsController, SummaryController],
  providers: [RecommendationsService, FollowUpsService, SummaryService],
  exports: [RecommendationsService, FollowUpsService, SummaryService],
})
export class RecommendationsModule implements OnModuleInit {
  constructor(private readonly scopes: ReviewScopeRegistry) {}

  /**
   * /findings/:id/recommendations resolve the finding's review under a name of their own, so this module does not
   * depend on the findings routes registering theirs. A recommendation resolves to its review and to the reviews
   * following that one up, whose members may read it and record follow-ups.
   */
  onModuleInit(): void {
    this.scopes.registerTable(VIA_FOLLOW_UP, 'follow_ups', 'review_id');
    this.scopes.registerTableWithFollowUps(VIA_RECOMMENDATION, 'recommendations', 'review_id');
  }
}
