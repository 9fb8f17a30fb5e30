// The review's status lifecycle: forward one step at a time, or back one step to undo a premature move.
import { DomainException, ErrorCode } from '@vigia/common';
import { REVIEW_STATUSES, type ReviewStatus } from './review.entity';

/** A review is created in the first status and only there. */
export const INITIAL_REVIEW_STATUS: ReviewStatus = 'planning';

/** The statuses a review in `from` may move to (besides staying where it is). */
export function nextReviewStatuses(from: ReviewStatus): ReviewStatus[] {
  const i = REVIEW_STATUSES.indexOf(from);
  return [REVIEW_STATUSES[i + 1], REVIEW_STATUSES[i - 1]].filter((s): s is ReviewStatus => s !== undefined);
}

export function isReviewTransitionAllowed(from: ReviewStatus, to: ReviewStatus): boolean {
  return from === to || nextReviewStatuses(from).includes(to);
}

/** Throws 409 (illegal transition) for a move the lifecycle does not allow; setting the same status is a no-op. */
export function assertReviewTransition(from: ReviewStatus, to: ReviewStatus): void {
  if (isReviewTransitionAllowed(from, to)) return;
  const allowed = nextReviewStatuses(from);
  throw new DomainException(
    ErrorCode.IllegalTransition,
    `A review cannot move from ${from} to ${to}; from ${from} it may move to ${allowed.join(' or ')}`,
    [{ field: 'status', from, to, allowed }],
  );
}
