// A requested report: what was asked (kind, format, locale), how its generation is going, and the stored file.
import { User } from '@vigia/auth';
import { LOCALES, type Locale, oneOf, VersionedEntity } from '@vigia/common';
import { Review } from '@vigia/reviews';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const REPORT_KINDS = ['milestone', 'findings', 'full'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['pdf', 'html', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
/** `queued` (also between retries), `running`, then `done` or `failed` for good. */
export const REPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

@Entity({ name: 'reports' })
@Check('ck_reports_kind', oneOf('kind', REPORT_KINDS))
@Check('ck_reports_format', oneOf('format', REPORT_FORMATS))
@Check('ck_reports_locale', oneOf('locale', LOCALES))
@Check('ck_reports_status', oneOf('status', REPORT_STATUSES))
@Check('ck_reports_attempts', '"attempts" >= 0')
@Check('ck_reports_file', `"status" <> 'done' OR ("storage_key" IS NOT NULL AND "size_bytes" IS NOT NULL)`)
@Index('ix_reports_review_created', ['reviewId', 'createdAt', 'id'])
@Index('ix_reports_unfinished', ['updatedAt'], { where: `status IN ('queued', 'running')` })
export class Report extends VersionedEntity {
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ReportKind;

  @Column({ type: 'varchar', length: 8 })
  format!: ReportFormat;

  @Column({ type: 'varchar', length: 2 })
  locale!: Locale;

  @Column({ type: 'varchar', length: 16, default: 'queued' })
  status!: ReportStatus;

  /** Why the last attempt failed (kept while a retry is pending, and for good once `failed`). */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'requested_by_id', type: 'uuid' })
  requestedById!: string;

  @Column({ name: 'started_at', type: 'timestamptz', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt!: Date | null;

  /** Where the file is kept, in the evidence storage (local disk or S3). */
  @Column({ name: 'storage_key', type: 'varchar', length: 300, nullable: true })
  storageKey!: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255, nullable: true })
  fileName!: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 127, nullable: true })
  contentType!: string | null;

  @Column({ name: 'size_bytes', type: 'bigint', nullable: true })
  sizeBytes!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_reports_review' })
  review?: Review;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by_id', foreignKeyConstraintName: 'fk_reports_requested_by' })
  requestedBy?: User;
}
