// A dated event on a review's timeline, known to a precision ("March 2017", "Summer 2019").
import { Audited } from '@vigia/audit';
import { oneOf, VersionedEntity } from '@vigia/common';
import { Review } from '@vigia/reviews';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Deliverable } from './deliverable.entity';

export const DATE_PRECISIONS = ['day', 'month', 'quarter', 'season', 'year'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

@Entity({ name: 'milestones' })
@Audited<Milestone>({ type: 'milestone', reviewId: (m) => m.reviewId })
@Check('ck_milestones_precision', oneOf('precision', DATE_PRECISIONS))
@Index('ix_milestones_review_planned', ['reviewId', 'plannedOn', 'id'])
@Index('ix_milestones_deliverable', ['deliverableId'])
@Index('ix_milestones_planned_open', ['plannedOn'], { where: 'actual_on IS NULL' })
export class Milestone extends VersionedEntity {
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  /** First day of the planned period (the month, quarter, season or year for a coarser precision). */
  @Column({ name: 'planned_on', type: 'date' })
  plannedOn!: string;

  @Column({ type: 'varchar', length: 8, default: 'day' })
  precision!: DatePrecision;

  @Column({ name: 'actual_on', type: 'date', nullable: true })
  actualOn!: string | null;

  /** A deliverable whose delivery achieves this milestone. */
  @Column({ name: 'deliverable_id', type: 'uuid', nullable: true })
  deliverableId!: string | null;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_milestones_review' })
  review?: Review;

  @ManyToOne(() => Deliverable, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'deliverable_id', foreignKeyConstraintName: 'fk_milestones_deliverable' })
  deliverable?: Deliverable;
}
