// What a person is told in the app: a reminder about an item falling due, or a manager's weekly digest.
// The unique key (person, item, occasion) is what makes a reminder go out once, ever, however often the scan runs.
import { User } from '@vigia/auth';
import { oneOf } from '@vigia/common';
import { Review } from '@vigia/reviews';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export const NOTIFICATION_KINDS = ['reminder', 'digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification is about; a digest is about a review. */
export const NOTIFICATION_ITEM_TYPES = ['deliverable', 'milestone', 'recommendation', 'review'] as const;
export type NotificationItemType = (typeof NOTIFICATION_ITEM_TYPES)[number];

@Entity({ name: 'notifications' })
@Check('ck_notifications_kind', oneOf('kind', NOTIFICATION_KINDS))
@Check('ck_notifications_item_type', oneOf('item_type', NOTIFICATION_ITEM_TYPES))
@Index('ux_notifications_once', ['userId', 'itemType', 'itemId', 'occasion'], { unique: true })
@Index('ix_notifications_user_created', ['userId', 'createdAt', 'id'])
@Index('ix_notifications_user_unread', ['userId', 'createdAt'], { where: 'read_at IS NULL' })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: NotificationKind;

  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ name: 'item_type', type: 'varchar', length: 16 })
  itemType!: NotificationItemType;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  /**
   * Which reminder of the item this is, with the due date it was computed from: `before-3@2026-12-01`,
   * `overdue-2@2026-12-01`, `digest@2026-W48`. A rescheduled item starts a new series.
   */
  @Column({ type: 'varchar', length: 48 })
  occasion!: string;

  /** The item's due date when the notification was made (null for a digest). */
  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn!: string | null;

  /** Written in the recipient's language when the notification is made. */
  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ name: 'read_at', type: 'timestamptz', precision: 3, nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_notifications_review' })
  review?: Review;
}
