import type { DeliverableLine, FocusAreaCounts } from './report-data';
import {
  deliverableLine,
  lateItems,
  milestoneLine,
  ratingTotals,
  recommendationFigures,
  type DeliverableRow,
} from './report-figures';

const TODAY = '2026-11-24';

const deliverable = (over: Partial<DeliverableRow>): DeliverableRow => ({
  title: 'Diagnostic',
  kind: 'report',
  component: null,
  owner: null,
  dueOn: '2026-11-01',
  status: 'in_progress',
  deliveredOn: null,
  ...over,
});

describe('report figures', () => {
  it('counts days late only for open deliverables past their due date', () => {
    expect(deliverableLine(deliverable({}), TODAY).daysLate).toBe(23);
    expect(deliverableLine(deliverable({ status: 'delivered', deliveredOn: '2026-11-20' }), TODAY).daysLate).toBe(0);
    expect(deliverableLine(deliverable({ status: 'cancelled' }), TODAY).daysLate).toBe(0);
    expect(deliverableLine(deliverable({ dueOn: TODAY }), TODAY).daysLate).toBe(0);
  });

  it('measures a season milestone from the end of the season, as GET /milestones does', () => {
    const summer = milestoneLine(
      { title: 'Fieldwork', plannedOn: '2026-06-01', precision: 'season', actualOn: null },
      TODAY,
    );
    expect(summer.plannedEnd).toBe('2026-08-31');
    expect(summer.slippageDays).toBe(85);
    const onTime = milestoneLine(
      { title: 'Kick-off', plannedOn: '2026-06-01', precision: 'season', actualOn: '2026-07-15' },
      TODAY,
    );
    expect(onTime.slippageDays).toBe(0);
    expect(
      milestoneLine({ title: 'Later', plannedOn: '2027-01-01', precision: 'year', actualOn: null }, TODAY),
    ).toMatchObject({ plannedEnd: '2027-12-31', slippageDays: null });
  });

  it('weighs partially implemented recommendations as one half and counts the overdue unimplemented ones', () => {
    const figures = recommendationFigures(
      [
        { targetOn: '2026-01-01', status: 'implemented' },
        { targetOn: '2026-01-01', status: 'partially_implemented' },
        { targetOn: '2026-01-01', status: 'not_started' },
        { targetOn: '2027-01-01', status: 'in_progress' },
      ],
      TODAY,
    );
    expect(figures).toEqual({
      total: 4,
      byStatus: {
        not_started: 1,
        in_progress: 1,
        partially_implemented: 1,
        implemented: 1,
        not_implemented: 0,
      },
      implementationRate: 0.375,
      overdue: 2,
    });
    expect(recommendationFigures([], TODAY).implementationRate).toBeNull();
  });

  it('lists everything late, most late first', () => {
    const deliverables: DeliverableLine[] = [deliverableLine(deliverable({ dueOn: '2026-11-14' }), TODAY)];
    const milestones = [
      milestoneLine({ title: 'Fieldwork', plannedOn: '2026-06-01', precision: 'season', actualOn: null }, TODAY),
      milestoneLine(
        { title: 'Achieved late', plannedOn: '2026-01-01', precision: 'day', actualOn: '2026-03-01' },
        TODAY,
      ),
    ];
    const late = lateItems(
      deliverables,
      milestones,
      [
        { text: 'Publish awards', targetOn: '2026-11-04', status: 'in_progress' },
        { text: 'Done already', targetOn: '2026-01-01', status: 'implemented' },
      ],
      TODAY,
    );
    expect(late).toEqual([
      { type: 'milestone', title: 'Fieldwork', dueOn: '2026-08-31', daysLate: 85 },
      { type: 'recommendation', title: 'Publish awards', dueOn: '2026-11-04', daysLate: 20 },
      { type: 'deliverable', title: 'Diagnostic', dueOn: '2026-11-14', daysLate: 10 },
    ]);
  });

  it('totals the ratings over the focus areas', () => {
    const area = (code: string, low: number, high: number): FocusAreaCounts => ({
      code,
      name: code,
      low,
      medium: 0,
      high,
      critical: 0,
      total: low + high,
    });
    expect(ratingTotals([area('a', 1, 2), area('b', 0, 1)])).toEqual({
      low: 1,
      medium: 0,
      high: 3,
      critical: 0,
      total: 4,
    });
  });
});
