// A part of an engagement (ISSSTESON had two: the Public Procurement Review and the capacity-building workshops).
import { Audited } from '@vigia/audit';
import { VersionedEntity } from '@vigia/common';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Review } from './review.entity';

@Entity({ name: 'review_components' })
@Audited<ReviewComponent>({ type: 'component', reviewId: (c) => c.reviewId })
@Index('ix_review_components_review', ['reviewId', 'position'])
export class ReviewComponent extends VersionedEntity {
  @Column({ name: 'review_id', type: 'uuid' })
  reviewId!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @ManyToOne(() => Review, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id', foreignKeyConstraintName: 'fk_review_components_review' })
  review?: Review;
}
