// Body of PATCH /recommendations/:id: any of the fields, and the version that was read.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateOnly, Optional, Trim } from '@vigia/common';
import { IsIn, IsInt, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { PRIORITIES, type Priority } from '../../recommendation.entity';

// Every column is required, so a field may be left out but never sent as null (Optional(), not IsOptional()).
export class UpdateRecommendationDto {
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  text?: string;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @Optional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  responsibleUnit?: string;

  @Optional()
  @IsDateOnly()
  targetOn?: string;

  /** The version you read; a stale one gets 409 and changes nothing. */
  @IsInt()
  @Min(1)
  version!: number;
}
