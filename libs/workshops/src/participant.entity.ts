// A person invited to a workshop: whether they attended, and how they rated and scored.
import { Audited } from '@vigia/audit';
import { VersionedEntity } from '@vigia/common';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Workshop } from './workshop.entity';

@Entity({ name: 'workshop_participants' })
@Audited<Participant>({ type: 'participant', reviewId: (p) => p.reviewId })
@Check('ck_workshop_participants_satisfaction', '"satisfaction" BETWEEN 1 AND 5')
@Check('ck_workshop_participants_scores', '"pre_test_score" BETWEEN 0 AND 100 AND "post_test_score" BETWEEN 0 AND 100')
@Index('ix_workshop_participants_workshop', ['workshopId', 'name'])
export class Participant extends VersionedEntity {
  @Column({ name: 'workshop_id', type: 'uuid' })
  workshopId!: string;

  /** Denormalised from the workshop so access and the audit trail find the review in one step. */
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  organisation!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'boolean', default: false })
  attended!: boolean;

  /** Satisfaction with the workshop, 1 (poor) to 5 (excellent). */
  @Column({ type: 'smallint', nullable: true })
  satisfaction!: number | null;

  /** Knowledge test before and after, 0 to 100. */
  @Column({ name: 'pre_test_score', type: 'numeric', precision: 5, scale: 2, nullable: true })
  preTestScore!: string | null;

  @Column({ name: 'post_test_score', type: 'numeric', precision: 5, scale: 2, nullable: true })
  postTestScore!: string | null;

  @ManyToOne(() => Workshop, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'workshop_id', foreignKeyConstraintName: 'fk_workshop_participants_workshop' })
  workshop?: Workshop;
}
