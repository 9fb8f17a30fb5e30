// Body of POST /findings/:id/recommendations; the review is the finding's, never the client's to choose.
import { ApiProperty } from '@nestjs/swagger';
import { IsDateOnly, Trim } from '@vigia/common';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { PRIORITIES, type Priority } from '../../recommendation.entity';

export class CreateRecommendationDto {
  /** What the institution should change. */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  text!: string;

  @ApiProperty({ enum: PRIORITIES })
  @IsIn(PRIORITIES)
  priority!: Priority;

  /** The institution's unit that must act (e.g. the procurement directorate). */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  responsibleUnit!: string;

  /** The day by which it should be implemented. */
  @IsDateOnly()
  targetOn!: string;
}
