// What the api answers about follow-ups.
import { ApiProperty } from '@nestjs/swagger';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../../follow-up.entity';

export class FollowUpDto {
  id!: string;
  recommendationId!: string;
  /** The review it was recorded in: the recommendation's own, or a later review that follows it up. */
  reviewId!: string;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES })
  status!: FollowUpStatus;
  note!: string;
  /** The day the status was observed. */
  on!: string;
  /** Id of the person who recorded it. */
  by!: string;
  byName!: string;
  createdAt!: Date;
}

export class FollowUpPageDto {
  /** Newest first: by `on`, then by when it was recorded. */
  items!: FollowUpDto[];
  nextCursor!: string | null;
}
