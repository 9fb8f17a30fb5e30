import { PageQueryDto } from '@vigia/common';
import { IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { AuditAction } from '../../audit-event.entity';

export class AuditQueryDto extends PageQueryDto {
  /** The record's singular name: `review`, `user`, `member`, `institution`, ... */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z][a-z_-]*$/)
  entityType?: string;

  @IsOptional()
  @IsUUID()
  entityId?: string;
}

export class AuditEventDto {
  id!: string;
  /** Position in the chain. */
  seq!: number;
  at!: Date;
  actorId!: string | null;
  action!: AuditAction;
  entityType!: string;
  entityId!: string;
  reviewId!: string | null;
  before!: Record<string, unknown> | null;
  after!: Record<string, unknown> | null;
  prevHash!: string;
  hash!: string;
}

export class AuditEventPageDto {
  items!: AuditEventDto[];
  nextCursor!: string | null;
}

export class AuditVerifyDto {
  ok!: boolean;
  /** How many rows were checked. */
  checked!: number;
  /** The first row whose hash or link does not match, if any. */
  firstBrokenId?: string;
}
