// The deliverable workflow: which moves are legal from each status, and the refusal of any other.
import type { MemberRole } from '@vigia/auth';
import { DomainException, ErrorCode } from '@vigia/common';
import type { DeliverableStatus } from './deliverable.entity';

export const DELIVERABLE_MOVES: Readonly<Record<DeliverableStatus, readonly DeliverableStatus[]>> = {
  planned: ['in_progress', 'cancelled'],
  // Back from review to work means the reviewer asked for changes.
  in_progress: ['in_review', 'cancelled'],
  in_review: ['delivered', 'in_progress', 'cancelled'],
  // Delivered is final: what was handed over stays on the record.
  delivered: [],
  // A cancelled deliverable can be reinstated, and starts over.
  cancelled: ['planned'],
};

/** Statuses in which a deliverable is still owed (and so can be overdue). */
export const OPEN_DELIVERABLE_STATUSES: readonly DeliverableStatus[] = ['planned', 'in_progress', 'in_review'];

export function canMove(from: DeliverableStatus, to: DeliverableStatus): boolean {
  return DELIVERABLE_MOVES[from].includes(to);
}

/** Who moves a deliverable: the coordinator (or an admin, who has no membership) any, an auditor only their own. */
export function mayMoveDeliverable(role: MemberRole | null, ownerId: string | null, userId: string): boolean {
  return role === null || role === 'coordinator' || (role === 'auditor' && ownerId === userId);
}

/** The moves this caller may make now, so that a client offers exactly these and copies no rule. */
export function allowedDeliverableMoves(
  deliverable: { status: DeliverableStatus; ownerId: string | null },
  role: MemberRole | null,
  userId: string,
): DeliverableStatus[] {
  return mayMoveDeliverable(role, deliverable.ownerId, userId) ? [...DELIVERABLE_MOVES[deliverable.status]] : [];
}

export function assertMove(from: DeliverableStatus, to: DeliverableStatus): void {
  if (canMove(from, to)) return;
  const allowed = DELIVERABLE_MOVES[from];
  const options = allowed.length > 0 ? `from there it can move to ${allowed.join(', ')}` : 'cannot move any further';
  throw new DomainException(
    ErrorCode.IllegalTransition,
    `Cannot move this deliverable to ${to}: it is ${from}, and ${options}`,
    [{ from, to, allowed: [...allowed] }],
  );
}
