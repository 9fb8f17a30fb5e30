// Bodies, filters and answers of /reviews.
import { IsDateOnly, Optional, PageQueryDto, Trim } from '@vigia/common';
import type { MemberRole } from '@vigia/auth';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { INITIAL_REVIEW_STATUS } from '../review-lifecycle';
import { REVIEW_STATUSES, type Review, type ReviewStatus } from '../review.entity';

/** More than any review needs; keeps a request from naming the catalogue thousands of times. */
export const MAX_FOCUS_AREAS = 50;

export class CreateReviewDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @IsUUID()
  institutionId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  summary?: string;

  /** A review starts in `planning` (the default); it moves on with PATCH. */
  @IsOptional()
  @IsIn([INITIAL_REVIEW_STATUS], { message: `a new review starts in ${INITIAL_REVIEW_STATUS}` })
  status?: ReviewStatus;

  @IsOptional()
  @IsDateOnly()
  agreementOn?: string;

  @IsOptional()
  @IsDateOnly()
  startsOn?: string;

  @IsOptional()
  @IsDateOnly()
  endsOn?: string;

  /** An earlier review of the same institution, visible to you, that this one follows up. */
  @IsOptional()
  @IsUUID()
  previousReviewId?: string;

  /** Ids from GET /focus-areas; repeats are dropped. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_FOCUS_AREAS)
  @IsUUID('all', { each: true })
  focusAreaIds?: string[];
}

export class UpdateReviewDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(20000)
  summary?: string | null;

  /**
   * planning -> active -> reporting -> follow_up -> closed, one step at a time, or one step back;
   * any other move is refused with 409.
   */
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsDateOnly()
  agreementOn?: string | null;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsDateOnly()
  startsOn?: string | null;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsDateOnly()
  endsOn?: string | null;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  previousReviewId?: string | null;

  /** Replaces the review's focus areas; `[]` clears them. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_FOCUS_AREAS)
  @IsUUID('all', { each: true })
  focusAreaIds?: string[];

  @IsInt()
  @Min(1)
  version!: number;
}

export class ListReviewsQueryDto extends PageQueryDto {
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;

  @IsOptional()
  @IsUUID()
  institutionId?: string;

  /** Reviews that have this focus area. */
  @IsOptional()
  @IsUUID()
  focusAreaId?: string;
}

export class ReviewDto {
  id!: string;
  title!: string;
  institutionId!: string;
  summary!: string | null;
  status!: ReviewStatus;
  agreementOn!: string | null;
  startsOn!: string | null;
  endsOn!: string | null;
  previousReviewId!: string | null;
  /** Ids in the focus-area catalogue. */
  focusAreaIds!: string[];
  createdById!: string;
  /** Your role on this review; null for an admin who is not a member. */
  myRole!: MemberRole | null;
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;

  static from(r: Review, myRole: MemberRole | null): ReviewDto {
    return Object.assign(new ReviewDto(), {
      id: r.id,
      title: r.title,
      institutionId: r.institutionId,
      summary: r.summary,
      status: r.status,
      agreementOn: r.agreementOn,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      previousReviewId: r.previousReviewId,
      focusAreaIds: r.focusAreaIds ?? [],
      createdById: r.createdById,
      myRole,
      version: r.version,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    });
  }
}

export class ReviewPageDto {
  items!: ReviewDto[];
  nextCursor!: string | null;
}
