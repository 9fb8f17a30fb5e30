// Something a review owes: the review report, a workshop, a briefing. Moves through a guarded workflow.
import { Audited } from '@vigia/audit';
import { User } from '@vigia/auth';
import { oneOf, VersionedEntity } from '@vigia/common';
import { Review, ReviewComponent } from '@vigia/reviews';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const DELIVERABLE_KINDS = ['report', 'workshop', 'briefing', 'other'] as const;
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];

export const DELIVERABLE_STATUSES = ['planned', 'in_progress', 'in_review', 'delivered', 'cancelled'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];

@Entity({ name: 'deliverables' })
@Audited<Deliverable>({ type: 'deliverable', reviewId: (d) => d.reviewId })
@Check('ck_deliverables_kind', oneOf('kind', DELIVERABLE_KINDS))
@Check('ck_deliverables_status', oneOf('status', DELIVERABLE_STATUSES))
@Index('ix_deliverables_review_due', ['reviewId', 'dueOn', 'id'])
@Index('ix_deliverables_review_status', ['reviewId', 'status'])
@Index('ix_deliverables_owner', ['ownerId'])
@Index('ix_deliverables_due_open', ['dueOn'], { where: `status IN ('planned', 'in_progress', 'in_review')` })
export class Deliverable extends VersionedEntity {
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ name: 'component_id', type: 'uuid', nullable: true })
  componentId!: string | null;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: DeliverableKind;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ name: 'due_on', type: 'date' })
  dueOn!: string;

  @Column({ type: 'varchar', length: 16, default: 'planned' })
  status!: DeliverableStatus;

  /** Set when the deliverable reaches `delivered`. */
  @Column({ name: 'delivered_on', type: 'date', nullable: true })
  deliveredOn!: string | null;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_deliverables_review' })
  review?: Review;

  @ManyToOne(() => ReviewComponent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'component_id', foreignKeyConstraintName: 'fk_deliverables_component' })
  component?: ReviewComponent;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'fk_deliverables_owner' })
  owner?: User;
}
