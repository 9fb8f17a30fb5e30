import { DomainException, ErrorCode } from '@vigia/common';
import { assertReviewTransition, isReviewTransitionAllowed, nextReviewStatuses } from './review-lifecycle';
import { REVIEW_STATUSES } from './review.entity';

describe('review lifecycle', () => {
  it('moves forward one step at a time and back one step', () => {
    expect(nextReviewStatuses('planning')).toEqual(['active']);
    expect(nextReviewStatuses('active')).toEqual(['reporting', 'planning']);
    expect(nextReviewStatuses('reporting')).toEqual(['follow_up', 'active']);
    expect(nextReviewStatuses('follow_up')).toEqual(['closed', 'reporting']);
    expect(nextReviewStatuses('closed')).toEqual(['follow_up']);
  });

  it('treats the same status as allowed (a no-op) and refuses every skip', () => {
    for (const from of REVIEW_STATUSES) {
      for (const to of REVIEW_STATUSES) {
        const distance = Math.abs(REVIEW_STATUSES.indexOf(from) - REVIEW_STATUSES.indexOf(to));
        expect([from, to, isReviewTransitionAllowed(from, to)]).toEqual([from, to, distance <= 1]);
      }
    }
  });

  it('refuses an illegal move with an illegal-transition error naming the allowed moves', () => {
    let error: unknown;
    try {
      assertReviewTransition('planning', 'closed');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).code).toBe(ErrorCode.IllegalTransition);
    expect((error as DomainException).details).toEqual([
      { field: 'status', from: 'planning', to: 'closed', allowed: ['active'] },
    ]);
  });
});
