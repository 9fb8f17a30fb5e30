// Query and answer of GET /reviews/:id/summary: the figures a manager's dashboard and the milestone report show.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, type Locale, PRECISIONS, type Precision } from '@vigia/common';
import { DELIVERABLE_STATUSES, type DeliverableStatus } from '@vigia/deliverables';
import { IsIn, IsOptional } from 'class-validator';

export class SummaryQueryDto {
  /** Language of the focus-area and principle names. */
  @ApiPropertyOptional({ enum: LOCALES, default: 'en' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class FindingStatusCountsDto {
  draft!: number;
  in_review!: number;
  approved!: number;
}

export class RatingCountsDto {
  low!: number;
  medium!: number;
  high!: number;
  critical!: number;
}

export class FocusAreaRatingCountsDto extends RatingCountsDto {
  focusAreaId!: string;
  code!: string;
  /** In the requested locale. */
  name!: string;
  total!: number;
}

export class PrincipleCountDto {
  code!: string;
  /** In the requested locale. */
  name!: string;
  /** Findings that cite the principle. */
  count!: number;
}

export class FindingsSummaryDto {
  total!: number;
  byStatus!: FindingStatusCountsDto;
  byRating!: RatingCountsDto;
  /** Every focus area of the review, and any other one its findings use, in catalogue order. */
  byFocusArea!: FocusAreaRatingCountsDto[];
  /** All twelve OECD principles in the Recommendation's order, zeros included. */
  byPrinciple!: PrincipleCountDto[];
}

export class FollowUpStatusCountsDto {
  not_started!: number;
  in_progress!: number;
  partially_implemented!: number;
  implemented!: number;
  not_implemented!: number;
}

export class RecommendationsSummaryDto {
  /** Recommendations this review made (an earlier review's, followed up here, count in that review's summary). */
  total!: number;
  /** Each recommendation counted once, under the status of its latest follow-up (`not_started` without one). */
  byStatus!: FollowUpStatusCountsDto;
  /**
   * (implemented + half of partially_implemented) / total, from 0 to 1; null when there are no recommendations.
   * A partially implemented recommendation counts as half implemented: it is progress, but not done.
   */
  implementationRate!: number | null;
  /** Target date before today (UTC) and latest status not `implemented`. */
  overdue!: number;
}

export class DeliverableStatusCountsDto {
  planned!: number;
  in_progress!: number;
  in_review!: number;
  delivered!: number;
  cancelled!: number;
}

export class OverdueDeliverableDto {
  id!: string;
  title!: string;
  dueOn!: string;
  @ApiProperty({ enum: DELIVERABLE_STATUSES })
  status!: DeliverableStatus;
  /** Days since the due day (at least 1). */
  daysLate!: number;
}

export class DeliverablesSummaryDto {
  total!: number;
  byStatus!: DeliverableStatusCountsDto;
  /** Still open (planned, in_progress, in_review) and due before today (UTC), most late first. */
  overdue!: OverdueDeliverableDto[];
}

export class LateMilestoneDto {
  id!: string;
  title!: string;
  /** First day of the planned period. */
  plannedOn!: string;
  @ApiProperty({ enum: PRECISIONS })
  precision!: Precision;
  /** Days since the planned period ended (at least 1). */
  slippageDays!: number;
}

export class MilestonesSummaryDto {
  total!: number;
  /** Milestones with an actual date. */
  achieved!: number;
  /**
   * Not achieved, and their planned period ended before today (UTC): the `late` state of GET /milestones.
   * Most late first.
   */
  late!: LateMilestoneDto[];
}

export class ReviewSummaryDto {
  reviewId!: string;
  /** The day (UTC) the figures were computed for: what is overdue or late is relative to it. */
  asOf!: string;
  findings!: FindingsSummaryDto;
  recommendations!: RecommendationsSummaryDto;
  deliverables!: DeliverablesSummaryDto;
  milestones!: MilestonesSummaryDto;
}
