// The mail outbox: every e-mail is written here in the transaction that decided to send it, then delivered by a job
// (through SMTP_URL, or kept as an .eml file in the local outbox when no SMTP server is configured).
import { oneOf } from '@vigia/common';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Notification } from './notification.entity';

/** `pending` until delivered; `sent` went through SMTP; `kept` went to the local outbox; `failed` gave up. */
export const MAIL_STATUSES = ['pending', 'sent', 'kept', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

@Entity({ name: 'mail_messages' })
@Check('ck_mail_messages_status', oneOf('status', MAIL_STATUSES))
@Check('ck_mail_messages_attempts', '"attempts" >= 0')
@Index('ix_mail_messages_created', ['createdAt', 'id'])
@Index('ix_mail_messages_pending', ['createdAt'], { where: `status = 'pending'` })
export class MailMessage {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The notification this mail repeats by e-mail; one mail per notification at most. */
  @Index('ux_mail_messages_notification', { unique: true })
  @Column({ name: 'notification_id', type: 'uuid', nullable: true })
  notificationId!: string | null;

  @Column({ name: 'to_address', type: 'varchar', length: 254 })
  toAddress!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: MailStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When it was handed to the SMTP server or written to the outbox. */
  @Column({ name: 'delivered_at', type: 'timestamptz', precision: 3, nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @ManyToOne(() => Notification, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'fk_mail_messages_notification' })
  notification?: Notification;
}
