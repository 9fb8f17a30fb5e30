// What should change, owed by a unit of the institution by a date; followed up over time.
import { Audited } from '@vigia/audit';
import { oneOf, VersionedEntity } from '@vigia/common';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Finding } from './finding.entity';

export const PRIORITIES = ['low', 'medium', 'high'] as const;
export type Priority = (typeof PRIORITIES)[number];

@Entity({ name: 'recommendations' })
@Audited<Recommendation>({ type: 'recommendation', reviewId: (r) => r.reviewId })
@Check('ck_recommendations_priority', oneOf('priority', PRIORITIES))
@Index('ix_recommendations_finding', ['findingId', 'createdAt', 'id'])
@Index('ix_recommendations_review_target', ['reviewId', 'targetOn'])
@Index('ix_recommendations_target_open', ['targetOn'], { where: 'NOT closed' })
export class Recommendation extends VersionedEntity {
  @Column({ name: 'finding_id', type: 'uuid' })
  findingId!: string;

  /** Denormalised from the finding: the review that made the recommendation. */
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 8 })
  priority!: Priority;

  /** The institution's unit that must act (e.g. the procurement directorate). */
  @Column({ name: 'responsible_unit', type: 'varchar', length: 300 })
  responsibleUnit!: string;

  @Column({ name: 'target_on', type: 'date' })
  targetOn!: string;

  /**
   * True while the latest follow-up says `implemented`. Kept by a database trigger on follow_ups (migration
   * RemindersReports), never written by the app, so the reminder scan can use a partial index of open ones.
   */
  @Column({ type: 'boolean', default: false, insert: false, update: false })
  closed!: boolean;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id', foreignKeyConstraintName: 'fk_recommendations_finding' })
  finding?: Finding;
}
