// Body of PATCH /deliverables/:id. The status is not here: it only changes through a transition.
import { IsDateOnly, Trim } from '@vigia/common';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { DELIVERABLE_KINDS, type DeliverableKind } from '../deliverable.entity';

// Required columns may be left out of a PATCH but never cleared: null must fail validation, not reach the database.
const present = (_o: unknown, v: unknown): boolean => v !== undefined;
const notNull = (_o: unknown, v: unknown): boolean => v !== null;

export class UpdateDeliverableDto {
  @ValidateIf(present)
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title?: string;

  /** null clears it. */
  @IsOptional()
  @ValidateIf(notNull)
  @IsString()
  @MaxLength(20000)
  description?: string | null;

  @ValidateIf(present)
  @IsIn(DELIVERABLE_KINDS)
  kind?: DeliverableKind;

  /** A component of the same review; null detaches the deliverable from its component. */
  @IsOptional()
  @ValidateIf(notNull)
  @IsUUID()
  componentId?: string | null;

  /** A member of the review; null leaves the deliverable without an owner. */
  @IsOptional()
  @ValidateIf(notNull)
  @IsUUID()
  ownerId?: string | null;

  @ValidateIf(present)
  @IsDateOnly()
  dueOn?: string;

  @IsInt()
  @Min(1)
  version!: number;
}
