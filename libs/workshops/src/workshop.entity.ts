// A capacity-building workshop: topic, dates, place, theory and practice, facilitators.
import { Audited } from '@vigia/audit';
import { VersionedEntity } from '@vigia/common';
import { Deliverable } from '@vigia/deliverables';
import { Review } from '@vigia/reviews';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const FACILITATOR_KINDS = ['country_expert', 'review_staff', 'institution_staff', 'other'] as const;
export type FacilitatorKind = (typeof FACILITATOR_KINDS)[number];

export interface Facilitator {
  name: string;
  kind: FacilitatorKind;
  organisation?: string;
}

@Entity({ name: 'workshops' })
@Audited<Workshop>({ type: 'workshop', reviewId: (w) => w.reviewId })
@Check('ck_workshops_dates', '"ends_on" IS NULL OR "ends_on" >= "starts_on"')
@Index('ix_workshops_review_starts', ['reviewId', 'startsOn', 'id'])
export class Workshop extends VersionedEntity {
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  /** The deliverable this workshop fulfils, if any. */
  @Column({ name: 'deliverable_id', type: 'uuid', nullable: true })
  deliverableId!: string | null;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 300 })
  topic!: string;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn!: string;

  @Column({ name: 'ends_on', type: 'date', nullable: true })
  endsOn!: string | null;

  @Column({ type: 'varchar', length: 300 })
  location!: string;

  /** What the theoretical part covers. */
  @Column({ name: 'theoretical_component', type: 'text', nullable: true })
  theoreticalComponent!: string | null;

  /** The practical exercises. */
  @Column({ name: 'practical_component', type: 'text', nullable: true })
  practicalComponent!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  facilitators!: Facilitator[];

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_workshops_review' })
  review?: Review;

  @ManyToOne(() => Deliverable, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'deliverable_id', foreignKeyConstraintName: 'fk_workshops_deliverable' })
  deliverable?: Deliverable;
}
