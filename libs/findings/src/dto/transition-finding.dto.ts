// Body of POST /findings/:id/transitions.
import { Optional, Trim } from '@vigia/common';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { FINDING_STATUSES, type FindingStatus } from '../finding.entity';

export class TransitionFindingDto {
  /** The status to move to; only the workflow's moves from the current status are accepted. */
  @IsIn(FINDING_STATUSES)
  to!: FindingStatus;

  /** Why: required to reopen an approved finding (to `draft`), optional otherwise; kept in the history. */
  @Optional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason?: string;
}
