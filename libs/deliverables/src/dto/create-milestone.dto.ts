// Body of POST /reviews/:id/milestones.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateOnly, Trim } from '@vigia/common';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DATE_PRECISIONS, type DatePrecision } from '../milestone.entity';

export class CreateMilestoneDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  /** Any day inside the intended period ("Summer 2019": 2019-07-15 with precision `season`); stored as its first day. */
  @IsDateOnly()
  plannedOn!: string;

  @ApiPropertyOptional({ enum: DATE_PRECISIONS, default: 'day' })
  @IsOptional()
  @IsIn(DATE_PRECISIONS)
  precision?: DatePrecision;

  /** The day it was achieved. */
  @IsOptional()
  @IsDateOnly()
  actualOn?: string | null;

  /** A deliverable of the same review whose delivery achieves this milestone. */
  @IsOptional()
  @IsUUID()
  deliverableId?: string | null;
}
