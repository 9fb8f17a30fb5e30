// Timeline queries and answers: one dated item per milestone, open deliverable and workshop.
import { ApiProperty } from '@nestjs/swagger';
import { LOCALES, type Locale, PRECISIONS, type Precision } from '@vigia/common';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

export const TIMELINE_ITEM_TYPES = ['milestone', 'deliverable', 'workshop'] as const;
export type TimelineItemType = (typeof TIMELINE_ITEM_TYPES)[number];

export class TimelineQueryDto {
  /** Language of the labels ("Summer 2019", "Verano de 2019", "Été 2019"); English by default. */
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class TimelineCalendarQueryDto extends TimelineQueryDto {
  /** A calendar feed token from `GET /reviews/:id/timeline/feed`, for clients that cannot send a bearer header. */
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  token?: string;
}

export class TimelineItemDto {
  @ApiProperty({ enum: TIMELINE_ITEM_TYPES })
  type!: TimelineItemType;
  id!: string;
  title!: string;
  /** First day of the item's period, YYYY-MM-DD. */
  date!: string;
  /** Last day of the item's period (the same as `date` for a one-day item). */
  endDate!: string;
  @ApiProperty({ enum: PRECISIONS })
  precision!: Precision;
  /** The date as a person would write it at its precision, in the requested language. */
  label!: string;
  /**
   * milestone: `achieved`, `late` (period over, not achieved) or `upcoming`; deliverable: its workflow status;
   * workshop: `held` once its last day is past, otherwise `upcoming`.
   */
  status!: string;
  /** Milestones only: when it was achieved. */
  actualOn?: string | null;
  /** Milestones only: days outside the planned period (negative when early); null while neither done nor late. */
  slippageDays?: number | null;
}

export class TimelineDto {
  /** By date, then milestones before deliverables before workshops, then by title. */
  items!: TimelineItemDto[];
}

export class TimelineFeedDto {
  /** Path of the iCalendar feed, with the token: give it to a calendar application as a subscription. */
  url!: string;
  /** Valid for this review only, for a year, and only while you remain a member. */
  token!: string;
}
