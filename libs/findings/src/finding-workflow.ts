// The finding workflow: which moves are legal from each status, who may make each, and when a reason is owed.
import type { MemberRole } from '@vigia/auth';
import { DomainException, ErrorCode, ForbiddenError, InvalidInputError } from '@vigia/common';
import type { FindingStatus } from './finding.entity';

export interface FindingMoveRule {
  /** Review roles that may make the move; an admin (no membership) always may. */
  by: readonly MemberRole[];
  /** Reopening an approved finding undoes an approval: the record must say why. */
  reasonRequired: boolean;
}

const TEAM: readonly MemberRole[] = ['coordinator', 'auditor'];
const COORDINATOR: readonly MemberRole[] = ['coordinator'];

export const FINDING_MOVES: Readonly<Record<FindingStatus, Readonly<Partial<Record<FindingStatus, FindingMoveRule>>>>> =
  {
    // Submitting for review: the author or any other auditor, or the coordinator.
    draft: { in_review: { by: TEAM, reasonRequired: false } },
    // The coordinator approves, or sends it back to its author for more work.
    in_review: {
      approved: { by: COORDINATOR, reasonRequired: false },
      draft: { by: COORDINATOR, reasonRequired: false },
    },
    // Approved findings are locked; only the coordinator reopens one, and says why.
    approved: { draft: { by: COORDINATOR, reasonRequired: true } },
  };

export function allowedMoves(from: FindingStatus): FindingStatus[] {
  return Object.keys(FINDING_MOVES[from]) as FindingStatus[];
}

/** The moves this review role may make now (null: an admin, who may make any), so a client copies no rule. */
export function movesFor(from: FindingStatus, role: MemberRole | null): FindingStatus[] {
  return (Object.entries(FINDING_MOVES[from]) as [FindingStatus, FindingMoveRule][])
    .filter(([, rule]) => role === null || rule.by.includes(role))
    .map(([to]) => to);
}

export function canMove(from: FindingStatus, to: FindingStatus): boolean {
  return FINDING_MOVES[from][to] !== undefined;
}

/** The rule of a legal move; an illegal one is refused with 409 naming the current status and the allowed moves. */
export function assertMove(from: FindingStatus, to: FindingStatus): FindingMoveRule {
  const rule = FINDING_MOVES[from][to];
  if (rule) return rule;
  const allowed = allowedMoves(from);
  throw new DomainException(
    ErrorCode.IllegalTransition,
    `Cannot move this finding to ${to}: it is ${from}, and from there it can move to ${allowed.join(', ')}`,
    [{ from, to, allowed }],
  );
}

/** Refuses (403) a member whose review role may not make this move, and (400) a reopening without a reason. */
export function assertMover(
  rule: FindingMoveRule,
  from: FindingStatus,
  to: FindingStatus,
  role: MemberRole | null,
  reason: string | undefined,
): void {
  if (role !== null && !rule.by.includes(role)) {
    throw new ForbiddenError(`Only a review ${rule.by.join(' or ')} may move a finding from ${from} to ${to}`);
  }
  if (rule.reasonRequired && !reason) {
    throw new InvalidInputError(`Moving a finding from ${from} to ${to} needs a reason`, [
      { field: 'reason', messages: [`reason is required to move a finding from ${from} to ${to}`] },
    ]);
  }
}
