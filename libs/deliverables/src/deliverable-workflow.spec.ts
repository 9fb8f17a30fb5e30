import { DomainException, ErrorCode } from '@vigia/common';
import { DELIVERABLE_STATUSES } from './deliverable.entity';
import { allowedDeliverableMoves, assertMove, canMove, DELIVERABLE_MOVES } from './deliverable-workflow';

describe('the deliverable workflow', () => {
  const legal = [
    ['planned', 'in_progress'],
    ['in_progress', 'in_review'],
    ['in_review', 'delivered'],
    ['in_review', 'in_progress'],
    ['planned', 'cancelled'],
    ['in_progress', 'cancelled'],
    ['in_review', 'cancelled'],
    ['cancelled', 'planned'],
  ];

  it('allows exactly the documented moves', () => {
    const allowed = DELIVERABLE_STATUSES.flatMap((from) =>
      DELIVERABLE_STATUSES.filter((to) => canMove(from, to)).map((to) => [from, to]),
    );
    expect(allowed.sort()).toEqual([...legal].sort());
  });

  it('refuses any other move with an illegal-transition error naming the status and the allowed moves', () => {
    let error: unknown;
    try {
      assertMove('planned', 'delivered');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).code).toBe(ErrorCode.IllegalTransition);
    expect((error as DomainException).message).toMatch(/planned.*in_progress, cancelled/);
    expect(() => assertMove('delivered', 'cancelled')).toThrow(/cannot move any further/);
  });

  it('offers a caller exactly the moves they may make: all to the coordinator or an admin, their own to an auditor', () => {
    const owner = 'owner-id';
    for (const status of DELIVERABLE_STATUSES) {
      // In the workflow's own order: the step forward first.
      const legalFrom = [...DELIVERABLE_MOVES[status]];
      const d = { status, ownerId: owner };
      expect(allowedDeliverableMoves(d, 'coordinator', 'someone')).toEqual(legalFrom);
      expect(allowedDeliverableMoves(d, null, 'an-admin')).toEqual(legalFrom);
      expect(allowedDeliverableMoves(d, 'auditor', owner)).toEqual(legalFrom);
      expect(allowedDeliverableMoves(d, 'auditor', 'another-auditor')).toEqual([]);
      expect(allowedDeliverableMoves({ status, ownerId: null }, 'auditor', owner)).toEqual([]);
      // Owning a deliverable does not make a manager a mover.
      expect(allowedDeliverableMoves(d, 'manager', owner)).toEqual([]);
    }
  });
});
