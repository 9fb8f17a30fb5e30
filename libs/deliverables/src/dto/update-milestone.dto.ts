// Body of PATCH /milestones/:id.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateOnly, Trim } from '@vigia/common';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { DATE_PRECISIONS, type DatePrecision } from '../milestone.entity';

// Required columns may be left out of a PATCH but never cleared: null must fail validation, not reach the database.
const present = (_o: unknown, v: unknown): boolean => v !== undefined;
const notNull = (_o: unknown, v: unknown): boolean => v !== null;

export class UpdateMilestoneDto {
  @ValidateIf(present)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  /** Any day inside the intended period; stored as its first day. */
  @ValidateIf(present)
  @IsDateOnly()
  plannedOn?: string;

  @ApiPropertyOptional({ enum: DATE_PRECISIONS })
  @ValidateIf(present)
  @IsIn(DATE_PRECISIONS)
  precision?: DatePrecision;

  /** null: not achieved (yet). */
  @IsOptional()
  @ValidateIf(notNull)
  @IsDateOnly()
  actualOn?: string | null;

  /** null unlinks the deliverable. */
  @IsOptional()
  @ValidateIf(notNull)
  @IsUUID()
  deliverableId?: string | null;

  @IsInt()
  @Min(1)
  version!: number;
}
