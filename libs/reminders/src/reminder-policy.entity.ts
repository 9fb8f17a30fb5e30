// When a review's people are reminded: some days before each due date, then every few days while it is overdue.
import { Audited } from '@vigia/audit';
import { VersionedEntity } from '@vigia/common';
import { Review } from '@vigia/reviews';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

/** What a review without a policy of its own gets. */
export const DEFAULT_REMINDER_POLICY = { daysBefore: [14, 3, 1], overdueEveryDays: 7 } as const;

@Entity({ name: 'reminder_policies' })
@Audited<ReminderPolicy>({ type: 'reminder_policy', reviewId: (p) => p.reviewId })
@Check('ck_reminder_policies_overdue_every', '"overdue_every_days" BETWEEN 1 AND 365')
@Check(
  'ck_reminder_policies_days_before',
  `cardinality("days_before") <= 10 AND 0 < ALL ("days_before") AND 366 > ALL ("days_before")`,
)
export class ReminderPolicy extends VersionedEntity {
  @Index('ux_reminder_policies_review', { unique: true })
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  /** Distinct, in descending order: [14, 3, 1] reminds two weeks, three days and one day before. */
  @Column({ name: 'days_before', type: 'int', array: true })
  daysBefore!: number[];

  @Column({ name: 'overdue_every_days', type: 'int' })
  overdueEveryDays!: number;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_reminder_policies_review' })
  review?: Review;
}
