import { DomainException, ErrorCode } from '@vigia/common';
import { DELIVERABLE_STATUSES } from './deliverable.entity';
import { assertMove, canMove } from './deliverable-workflow';

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
});
