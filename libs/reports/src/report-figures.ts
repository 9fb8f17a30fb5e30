// The figures a report derives from loaded rows: days late, slippage, the recommendations' figures, rating totals.
// Pure functions over plain rows, so the same day and rows always give the same report.
import { daysBetween, periodOf, type Precision, slippageDays } from '@vigia/common';
import { OPEN_DELIVERABLE_STATUSES, type DeliverableStatus } from '@vigia/deliverables';
import { FOLLOW_UP_STATUSES, RATINGS } from '@vigia/findings';
import type {
  DeliverableLine,
  FocusAreaCounts,
  LateItem,
  MilestoneLine,
  RatingCounts,
  RecommendationFigures,
  RecommendationLine,
} from './report-data';

export interface DeliverableRow extends Omit<DeliverableLine, 'daysLate'> {
  status: DeliverableStatus;
}

export interface MilestoneRow {
  title: string;
  plannedOn: string;
  precision: Precision;
  actualOn: string | null;
}

/** Days past the due date while the deliverable is still open; 0 when on time or closed. */
export function deliverableLine(row: DeliverableRow, today: string): DeliverableLine {
  const open = OPEN_DELIVERABLE_STATUSES.includes(row.status);
  return { ...row, daysLate: open && row.dueOn < today ? daysBetween(row.dueOn, today) : 0 };
}

/** The planned period's end and the slippage, computed as GET /milestones computes them. */
export function milestoneLine(row: MilestoneRow, today: string): MilestoneLine {
  return {
    ...row,
    plannedEnd: periodOf(row.plannedOn, row.precision).end,
    slippageDays: slippageDays(row.plannedOn, row.precision, row.actualOn, today),
  };
}

/** As the review summary counts them: `implemented` counts 1, `partially_implemented` one half. */
export function recommendationFigures(
  recommendations: Pick<RecommendationLine, 'targetOn' | 'status'>[],
  today: string,
): RecommendationFigures {
  const byStatus: Record<string, number> = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, 0]));
  let overdue = 0;
  for (const r of recommendations) {
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (isOverdue(r, today)) overdue++;
  }
  const total = recommendations.length;
  const weighted = byStatus.implemented + 0.5 * byStatus.partially_implemented;
  return { total, byStatus, implementationRate: total === 0 ? null : weighted / total, overdue };
}

const isOverdue = (r: Pick<RecommendationLine, 'targetOn' | 'status'>, today: string): boolean =>
  r.targetOn < today && r.status !== 'implemented';

/** Open deliverables past due, unachieved milestones past their period, unimplemented recommendations past target. */
export function lateItems(
  deliverables: DeliverableLine[],
  milestones: MilestoneLine[],
  recommendations: Pick<RecommendationLine, 'text' | 'targetOn' | 'status'>[],
  today: string,
): LateItem[] {
  const late: LateItem[] = [
    ...deliverables
      .filter((d) => d.daysLate > 0)
      .map((d) => ({ type: 'deliverable' as const, title: d.title, dueOn: d.dueOn, daysLate: d.daysLate })),
    ...milestones
      .filter((m) => m.actualOn === null && (m.slippageDays ?? 0) > 0)
      .map((m) => ({ type: 'milestone' as const, title: m.title, dueOn: m.plannedEnd, daysLate: m.slippageDays ?? 0 })),
    ...recommendations
      .filter((r) => isOverdue(r, today))
      .map((r) => ({
        type: 'recommendation' as const,
        title: r.text,
        dueOn: r.targetOn,
        daysLate: daysBetween(r.targetOn, today),
      })),
  ];
  return late.sort(
    (a, b) => b.daysLate - a.daysLate || a.dueOn.localeCompare(b.dueOn) || a.title.localeCompare(b.title),
  );
}

/** The review's rating counts: every finding has one focus area, and every focus area a finding uses is listed. */
export function ratingTotals(byFocusArea: FocusAreaCounts[]): RatingCounts {
  const total: RatingCounts = { low: 0, medium: 0, high: 0, critical: 0, total: 0 };
  for (const fa of byFocusArea) {
    for (const r of RATINGS) total[r] += fa[r];
    total.total += fa.total;
  }
  return total;
}
