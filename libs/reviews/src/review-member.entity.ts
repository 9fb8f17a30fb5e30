// A person's role on one review; the AccessGuard reads this table for every review-scoped route.
import { Audited } from '@vigia/audit';
import { MEMBER_ROLES, type MemberRole } from '@vigia/auth';
import { oneOf, VersionedEntity } from '@vigia/common';
import { User } from '@vigia/auth';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Review } from './review.entity';

@Entity({ name: 'review_members' })
@Audited<ReviewMember>({ type: 'member', reviewId: (m) => m.reviewId })
@Check('ck_review_members_role', oneOf('role', MEMBER_ROLES))
@Index('ux_review_members_review_user', ['reviewId', 'userId'], { unique: true })
@Index('ix_review_members_user', ['userId'])
export class ReviewMember extends VersionedEntity {
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: MemberRole;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_review_members_review' })
  review?: Review;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_review_members_user' })
  user?: User;
}
