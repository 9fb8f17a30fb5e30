// A dated statement of how far a recommendation has been implemented; the latest one is its status.
import { Audited } from '@vigia/audit';
import { User } from '@vigia/auth';
import { oneOf } from '@vigia/common';
import { Review } from '@vigia/reviews';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Recommendation } from './recommendation.entity';

export const FOLLOW_UP_STATUSES = [
  'not_started',
  'in_progress',
  'partially_implemented',
  'implemented',
  'not_implemented',
] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

@Entity({ name: 'follow_ups' })
@Audited<FollowUp>({ type: 'follow_up', reviewId: (f) => f.reviewId })
@Check('ck_follow_ups_status', oneOf('status', FOLLOW_UP_STATUSES))
@Index('ix_follow_ups_recommendation', ['recommendationId', 'on', 'createdAt'])
// Serves the cascade when a review is deleted, and the follow-ups a review has recorded.
@Index('ix_follow_ups_review', ['reviewId'])
export class FollowUp {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'recommendation_id', type: 'uuid' })
  recommendationId!: string;

  /**
   * The review it was recorded in: the recommendation's own review, or a later review that follows it up
   * (the second IMSS review reporting on the first one's recommendations).
   */
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ type: 'varchar', length: 24 })
  status!: FollowUpStatus;

  @Column({ type: 'text' })
  note!: string;

  /** The date the status was observed. */
  @Column({ type: 'date' })
  on!: string;

  @Column({ name: 'by_id', type: 'uuid' })
  byId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @ManyToOne(() => Recommendation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recommendation_id', foreignKeyConstraintName: 'fk_follow_ups_recommendation' })
  recommendation?: Recommendation;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_follow_ups_review' })
  review?: Review;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'by_id', foreignKeyConstraintName: 'fk_follow_ups_by' })
  by?: User;
}
