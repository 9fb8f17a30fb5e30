// A remark on a finding, so coordinator and auditor can settle it before approval.
import { Audited } from '@vigia/audit';
import { User } from '@vigia/auth';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Finding } from './finding.entity';

@Entity({ name: 'finding_comments' })
@Audited<Comment>({ type: 'comment', reviewId: (c) => c.reviewId })
@Index('ix_finding_comments_finding', ['findingId', 'createdAt', 'id'])
export class Comment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'finding_id', type: 'uuid' })
  findingId!: string;

  /** Denormalised from the finding, so access and the audit trail find the review in one step. */
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId!: string;

  @Column({ type: 'text' })
  body!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @ManyToOne(() => Finding, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'finding_id', foreignKeyConstraintName: 'fk_finding_comments_finding' })
  finding?: Finding;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'fk_finding_comments_author' })
  author?: User;
}
