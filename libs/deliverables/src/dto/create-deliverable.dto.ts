// Body of POST /reviews/:id/deliverables.
import { IsDateOnly, Trim } from '@vigia/common';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { DELIVERABLE_KINDS, type DeliverableKind } from '../deliverable.entity';

export class CreateDeliverableDto {
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string | null;

  @IsIn(DELIVERABLE_KINDS)
  kind!: DeliverableKind;

  /** A component of the same review. */
  @IsOptional()
  @IsUUID()
  componentId?: string | null;

  /** A member of the review, who may then move the deliverable through its workflow. */
  @IsOptional()
  @IsUUID()
  ownerId?: string | null;

  @IsDateOnly()
  dueOn!: string;
}
