import { IsDateOnly, PageQueryDto, Trim } from '@vigia/common';
import type { MemberRole } from '@vigia/auth';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { REVIEW_STATUSES, type Review, type ReviewStatus } from '../review.entity';

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

  @IsOptional()
  @IsIn(REVIEW_STATUSES)
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
