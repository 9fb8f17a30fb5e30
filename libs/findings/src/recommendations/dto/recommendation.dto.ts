// What the api answers about recommendations: the stored fields plus where their follow-up stands.
import { ApiProperty } from '@nestjs/swagger';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../../follow-up.entity';
import { PRIORITIES, type Priority } from '../../recommendation.entity';
import { FollowUpDto } from './follow-up.dto';

export class RecommendationDto {
  id!: string;
  findingId!: string;
  /** The review that made the recommendation (the finding's). */
  reviewId!: string;
  text!: string;
  @ApiProperty({ enum: PRIORITIES })
  priority!: Priority;
  responsibleUnit!: string;
  targetOn!: string;
  /**
   * The status of the latest follow-up (latest `on`, then latest recorded), whichever review recorded it;
   * `not_started` when there is none.
   */
  @ApiProperty({ enum: FOLLOW_UP_STATUSES })
  latestStatus!: FollowUpStatus;
  /** `on` of that follow-up; null when there is none. */
  latestFollowUpOn!: string | null;
  /** targetOn is before today (UTC) and the latest status is not `implemented`. */
  overdue!: boolean;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

export class RecommendationDetailDto extends RecommendationDto {
  /** Every follow-up, newest first. */
  followUps!: FollowUpDto[];
}

export class RecommendationPageDto {
  items!: RecommendationDto[];
  nextCursor!: string | null;
}

/** An earlier review's recommendation as the review following it up sees it, with what it was about. */
export class PreviousRecommendationDto extends RecommendationDto {
  findingTitle!: string;
  focusAreaId!: string;
  focusAreaCode!: string;
}

export class PreviousRecommendationPageDto {
  /** By target date, earliest first. */
  items!: PreviousRecommendationDto[];
  nextCursor!: string | null;
}
