// An engagement: a review team examining how one institution buys, from planning to follow-up.
import { Audited } from '@vigia/audit';
import { oneOf, VersionedEntity } from '@vigia/common';
import { User } from '@vigia/auth';
import { Institution } from '@vigia/institutions';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const REVIEW_STATUSES = ['planning', 'active', 'reporting', 'follow_up', 'closed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

@Entity({ name: 'reviews' })
@Audited<Review>({ type: 'review', reviewId: (r) => r.id })
@Check('ck_reviews_status', oneOf('status', REVIEW_STATUSES))
@Check('ck_reviews_dates', '"ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"')
@Index('ix_reviews_created', ['createdAt', 'id'])
export class Review extends VersionedEntity {
  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Index('ix_reviews_institution')
  @Column({ name: 'institution_id', type: 'uuid' })
  institutionId!: string;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'planning' })
  status!: ReviewStatus;

  /** Date the institution and the review team signed the agreement. */
  @Column({ name: 'agreement_on', type: 'date', nullable: true })
  agreementOn!: string | null;

  @Column({ name: 'starts_on', type: 'date', nullable: true })
  startsOn!: string | null;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  /** The earlier review of the same institution that this one follows up. */
  @Column({ name: 'previous_review_id', type: 'uuid', nullable: true })
  previousReviewId!: string | null;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  /** The review's focus areas (ids in the focus_areas catalogue, which is never deleted from). */
  @Column({ name: 'focus_area_ids', type: 'uuid', array: true, default: () => "'{}'" })
  focusAreaIds!: string[];

  @ManyToOne(() => Institution, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'institution_id', foreignKeyConstraintName: 'fk_reviews_institution' })
  institution?: Institution;

  @ManyToOne(() => Review, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'previous_review_id', foreignKeyConstraintName: 'fk_reviews_previous_review' })
  previousReview?: Review;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id', foreignKeyConstraintName: 'fk_reviews_created_by' })
  createdBy?: User;
}
