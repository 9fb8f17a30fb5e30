// A file that supports a finding or a follow-up; the bytes live in the evidence storage under storageKey.
import { Audited } from '@vigia/audit';
import { User } from '@vigia/auth';
import { Finding, FollowUp } from '@vigia/findings';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'evidence' })
@Audited<Evidence>({ type: 'evidence', reviewId: (e) => e.reviewId })
@Check('ck_evidence_one_parent', 'num_nonnulls("finding_id", "follow_up_id") = 1')
@Index('ix_evidence_finding', ['findingId', 'createdAt'])
@Index('ix_evidence_follow_up', ['followUpId', 'createdAt'])
export class Evidence {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The review whose members may download it. */
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ name: 'finding_id', type: 'uuid', nullable: true })
  findingId!: string | null;

  @Column({ name: 'follow_up_id', type: 'uuid', nullable: true })
  followUpId!: string | null;

  /** The name the uploader gave, cleaned of paths and control characters. */
  @Column({ type: 'varchar', length: 255 })
  filename!: string;

  /** Detected from the content, not taken from the client. */
  @Column({ name: 'content_type', type: 'varchar', length: 127 })
  contentType!: string;

  @Column({ type: 'bigint' })
  size!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ name: 'storage_key', type: 'varchar', length: 300 })
  storageKey!: string;

  @Column({ name: 'uploaded_by_id', type: 'uuid' })
  uploadedById!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id', foreignKeyConstraintName: 'fk_evidence_finding' })
  finding?: Finding;

  @ManyToOne(() => FollowUp, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follow_up_id', foreignKeyConstraintName: 'fk_evidence_follow_up' })
  followUp?: FollowUp;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_id', foreignKeyConstraintName: 'fk_evidence_uploaded_by' })
  uploadedBy?: User;
}
