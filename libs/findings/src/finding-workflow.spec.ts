import { DomainException, ErrorCode } from '@vigia/common';
import { FINDING_STATUSES } from './finding.entity';
import { assertMove, assertMover, canMove, movesFor } from './finding-workflow';

describe('the finding workflow', () => {
  const legal = [
    ['draft', 'in_review'],
    ['in_review', 'draft'],
    ['in_review', 'approved'],
    ['approved', 'draft'],
  ];

  it('allows exactly the documented moves', () => {
    const allowed = FINDING_STATUSES.flatMap((from) =>
      FINDING_STATUSES.filter((to) => canMove(from, to)).map((to) => [from, to]),
    );
    expect(allowed.sort()).toEqual([...legal].sort());
  });

  it('refuses any other move with an illegal-transition error naming the status and the allowed moves', () => {
    let error: unknown;
    try {
      assertMove('draft', 'approved');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainException);
    expect((error as DomainException).code).toBe(ErrorCode.IllegalTransition);
    expect((error as DomainException).message).toMatch(/it is draft.*in_review/);
    expect(() => assertMove('approved', 'in_review')).toThrow(/it is approved.*draft/);
  });

  it('lets only a coordinator (or an admin) approve, send back or reopen, and an auditor submit', () => {
    expect(() =>
      assertMover(assertMove('draft', 'in_review'), 'draft', 'in_review', 'auditor', undefined),
    ).not.toThrow();
    for (const [from, to] of [
      ['in_review', 'approved'],
      ['in_review', 'draft'],
    ] as const) {
      const rule = assertMove(from, to);
      expect(() => assertMover(rule, from, to, 'auditor', undefined)).toThrow(/coordinator/);
      expect(() => assertMover(rule, from, to, 'manager', undefined)).toThrow(/coordinator/);
      expect(() => assertMover(rule, from, to, 'coordinator', undefined)).not.toThrow();
      expect(() => assertMover(rule, from, to, null, undefined)).not.toThrow();
    }
    expect(() => assertMover(assertMove('draft', 'in_review'), 'draft', 'in_review', 'manager', undefined)).toThrow();
  });

  it('requires a reason to reopen an approved finding', () => {
    const rule = assertMove('approved', 'draft');
    expect(() => assertMover(rule, 'approved', 'draft', 'coordinator', undefined)).toThrow(/needs a reason/);
    expect(() => assertMover(rule, 'approved', 'draft', 'coordinator', 'New evidence')).not.toThrow();
  });

  it('offers each review role exactly the moves assertMover lets it make', () => {
    for (const role of ['coordinator', 'auditor', 'manager', null] as const) {
      for (const from of FINDING_STATUSES) {
        const permitted = FINDING_STATUSES.filter((to) => {
          if (!canMove(from, to)) return false;
          try {
            assertMover(assertMove(from, to), from, to, role, 'a reason');
            return true;
          } catch {
            return false;
          }
        });
        expect([role, from, movesFor(from, role).sort()]).toEqual([role, from, permitted.sort()]);
      }
    }
    expect(movesFor('draft', 'auditor')).toEqual(['in_review']);
    expect(movesFor('in_review', 'auditor')).toEqual([]);
    expect(movesFor('approved', 'manager')).toEqual([]);
  });
});
