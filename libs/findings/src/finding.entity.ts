// An auditor's finding: what was found against which principles, why it matters, how likely and how bad.
import { Audited } from '@vigia/audit';
import { User } from '@vigia/auth';
import { FocusArea } from '@vigia/catalogues';
import { oneOf, VersionedEntity } from '@vigia/common';
import { Review } from '@vigia/reviews';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const FINDING_STATUSES = ['draft', 'in_review', 'approved'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export const RATINGS = ['low', 'medium', 'high', 'critical'] as const;
export type Rating = (typeof RATINGS)[number];

/**
 * The risk matrix: likelihood x impact (each 1-5) gives a score of 1-25; 1-4 low, 5-9 medium, 10-16 high,
 * 20-25 critical. Kept in the database as a generated column so it can never disagree with its inputs.
 */
export const RATING_SQL = `CASE WHEN likelihood * impact >= 20 THEN 'critical' WHEN likelihood * impact >= 10 THEN 'high' WHEN likelihood * impact >= 5 THEN 'medium' ELSE 'low' END`;

@Entity({ name: 'findings' })
@Audited<Finding>({ type: 'finding', reviewId: (f) => f.reviewId })
@Check('ck_findings_status', oneOf('status', FINDING_STATUSES))
@Check('ck_findings_likelihood', '"likelihood" BETWEEN 1 AND 5')
@Check('ck_findings_impact', '"impact" BETWEEN 1 AND 5')
@Check('ck_findings_principles', 'cardinality("principle_codes") >= 1')
@Index('ix_findings_review_created', ['reviewId', 'createdAt', 'id'])
@Index('ix_findings_review_status', ['reviewId', 'status'])
@Index('ix_findings_review_focus_area', ['reviewId', 'focusAreaId'])
@Index('ix_findings_author', ['authorId'])
// Created by hand in the migrations (indexes TypeORM cannot declare): principle codes (GIN), the accent-insensitive
// full-text document (GIN, see FINDING_SEARCH_DOCUMENT), and review_id INCLUDE (status, rating, focus_area_id,
// principle_codes), from which the review summary counts without reading the table.
@Index('ix_findings_principles', { synchronize: false })
@Index('ix_findings_search', { synchronize: false })
@Index('ix_findings_review_summary', { synchronize: false })
export class Finding extends VersionedEntity {
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ name: 'focus_area_id', type: 'uuid' })
  focusAreaId!: string;

  /** Codes of the OECD principles the finding cites (`integrity`, `transparency`, ...). */
  @Column({ name: 'principle_codes', type: 'varchar', length: 64, array: true })
  principleCodes!: string[];

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** What was found. */
  @Column({ type: 'text' })
  condition!: string;

  /** What good practice requires. */
  @Column({ type: 'text' })
  criteria!: string;

  @Column({ type: 'text' })
  cause!: string;

  /** The effect, or the risk it creates. */
  @Column({ type: 'text' })
  effect!: string;

  @Column({ type: 'smallint' })
  likelihood!: number;

  @Column({ type: 'smallint' })
  impact!: number;

  @Column({
    type: 'varchar',
    length: 16,
    generatedType: 'STORED',
    asExpression: RATING_SQL,
    insert: false,
    update: false,
  })
  rating!: Rating;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  status!: FindingStatus;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ name: 'approved_at', type: 'timestamptz', precision: 3, nullable: true })
  approvedAt!: Date | null;

  @Column({ name: 'approved_by_id', type: 'uuid', nullable: true })
  approvedById!: string | null;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_findings_review' })
  review?: Review;

  @ManyToOne(() => FocusArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'focus_area_id', foreignKeyConstraintName: 'fk_findings_focus_area' })
  focusArea?: FocusArea;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_findings_author' })
  author?: User;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'approved_by_id', foreignKeyConstraintName: 'fk_findings_approved_by' })
  approvedBy?: User;
}

/**
 * The text that `q` searches, as SQL over a findings row aliased `f`: every prose field, without accents,
 * lower-cased by the `simple` configuration (no stemming, so Spanish and English words both match as written).
 * The GIN index ix_findings_search is built on exactly this expression.
 */
export const FINDING_SEARCH_DOCUMENT = `to_tsvector('simple'::regconfig, vigia_unaccent(coalesce(f.title, '') || ' ' || coalesce(f.condition, '') || ' ' || coalesce(f.criteria, '') || ' ' || coalesce(f.cause, '') || ' ' || coalesce(f.effect, '')))`;
