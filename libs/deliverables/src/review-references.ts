// Checks that ids a client sends (component, owner, deliverable) name records of the same review.
import { ReviewComponent, ReviewMember } from '@vigia/reviews';
import { type FieldError, InvalidInputError } from '@vigia/common';
import type { EntityManager } from 'typeorm';
import { Deliverable } from './deliverable.entity';

export interface ReviewReferences {
  componentId?: string | null;
  ownerId?: string | null;
}

/**
 * Refuses, with one 400 naming every bad field, a component or owner outside the review. Records of other reviews
 * are reported exactly like missing ones, so the answer reveals nothing about reviews the caller cannot see.
 */
export async function assertReviewReferences(
  manager: EntityManager,
  reviewId: string,
  refs: ReviewReferences,
): Promise<void> {
  const errors: FieldError[] = [];
  if (refs.componentId) {
    const found = await manager.getRepository(ReviewComponent).exists({ where: { id: refs.componentId, reviewId } });
    if (!found) errors.push({ field: 'componentId', messages: ['componentId must name a component of this review'] });
  }
  if (refs.ownerId) {
    const found = await manager.getRepository(ReviewMember).exists({ where: { userId: refs.ownerId, reviewId } });
    if (!found) errors.push({ field: 'ownerId', messages: ['ownerId must name a member of this review'] });
  }
  if (errors.length > 0) throw new InvalidInputError('Some references do not belong to this review', errors);
}

/** The deliverable, if it belongs to the review; a 400 on `deliverableId` otherwise. */
export async function deliverableOfReview(
  manager: EntityManager,
  reviewId: string,
  deliverableId: string,
): Promise<Deliverable> {
  const found = await manager.getRepository(Deliverable).findOneBy({ id: deliverableId, reviewId });
  if (!found) {
    throw new InvalidInputError('deliverableId must name a deliverable of this review', [
      { field: 'deliverableId', messages: ['deliverableId must name a deliverable of this review'] },
    ]);
  }
  return found;
}
