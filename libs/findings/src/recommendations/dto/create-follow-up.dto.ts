// Body of POST /recommendations/:id/follow-ups: a dated observation of how far the recommendation has come.
import { ApiProperty } from '@nestjs/swagger';
import { IsDateOnly, Trim } from '@vigia/common';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../../follow-up.entity';

export class CreateFollowUpDto {
  @ApiProperty({ enum: FOLLOW_UP_STATUSES })
  @IsIn(FOLLOW_UP_STATUSES)
  status!: FollowUpStatus;

  /** What was observed, and on what evidence. */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  note!: string;

  /** The day the status was observed: today (UTC) or earlier, never in the future. */
  @IsDateOnly()
  on!: string;
}
