// SQL shared by the reminder scan, the digest and the delivery re-check, so they agree on what is open and when due.
import { OPEN_DELIVERABLE_STATUSES } from '@vigia/deliverables';
import type { ReviewStatus } from '@vigia/reviews';
import { DEFAULT_REMINDER_POLICY } from './reminder-policy.entity';

/** A closed review is finished: nobody is reminded about it any more. Every earlier status is still running. */
export const FINISHED_REVIEW_STATUSES: readonly ReviewStatus[] = ['closed'];

const literalList = (values: readonly string[]): string => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ');

/**
 * Written out as literals, not bound, so the planner can prove the partial index ix_deliverables_due_open applies
 * (its predicate is this very list).
 */
export const openDeliverable = (alias: string): string =>
  `${alias}.status IN (${literalList(OPEN_DELIVERABLE_STATUSES)})`;

/** Served by ix_milestones_planned_open. */
export const openMilestone = (alias: string): string => `${alias}.actual_on IS NULL`;

/** Served by ix_recommendations_target_open; `closed` is kept by a trigger on follow_ups. */
export const openRecommendation = (alias: string): string => `NOT ${alias}.closed`;

export const runningReview = (alias: string): string =>
  `${alias}.status NOT IN (${literalList(FINISHED_REVIEW_STATUSES)})`;

/**
 * The last day of a milestone's planned period, as periodOf() computes it (seasons are meteorological: they start
 * in December, March, June and September, so a month's distance from its season's start is its number modulo 3).
 */
export const periodEnd = (alias: string): string => `(CASE ${alias}.precision
    WHEN 'month' THEN date_trunc('month', ${alias}.planned_on::timestamp) + interval '1 month' - interval '1 day'
    WHEN 'quarter' THEN date_trunc('quarter', ${alias}.planned_on::timestamp) + interval '3 months' - interval '1 day'
    WHEN 'season' THEN date_trunc('month', ${alias}.planned_on::timestamp)
      - make_interval(months => extract(month FROM ${alias}.planned_on)::int % 3)
      + interval '3 months' - interval '1 day'
    WHEN 'year' THEN date_trunc('year', ${alias}.planned_on::timestamp) + interval '1 year' - interval '1 day'
    ELSE ${alias}.planned_on::timestamp
  END)::date`;

/** Ascending, as width_bucket() wants its thresholds. */
const DEFAULT_DAYS_ASC = `'{${[...DEFAULT_REMINDER_POLICY.daysBefore].sort((a, b) => a - b).join(',')}}'::int[]`;

/**
 * The review's policy as alias `p` for occasionSql(), with its days in ascending order (null columns for a review
 * that has none, which then follows the default).
 */
export const policyJoin = (reviewId: string): string =>
  `LEFT JOIN (SELECT review_id, overdue_every_days, ARRAY(SELECT n FROM unnest(days_before) n ORDER BY n) AS days_asc
               FROM reminder_policies) p ON p.review_id = ${reviewId}`;

/**
 * Which reminder of the item is current `today`, under the review's policy (policyJoin), or NULL when none is:
 * `before-<n>@<due>` where n is the smallest policy entry at or above the days left (so a missed scan catches up
 * with the current occasion only), `overdue-<k>@<due>` with k counting every overdueEveryDays from the first day
 * late. The due date is part of it, so a rescheduled item starts over. width_bucket() counts the entries below the
 * days left, so the next entry is the one wanted (NULL past the largest): a plain expression, no subquery per row.
 */
export function occasionSql(due: string, today: string, policy = 'p'): string {
  const dueText = `to_char(${due}::timestamp, 'YYYY-MM-DD')`;
  const days = `coalesce(${policy}.days_asc, ${DEFAULT_DAYS_ASC})`;
  return `(CASE WHEN ${due} >= ${today}
    THEN 'before-' || (${days})[width_bucket(${due} - ${today} - 1, ${days}) + 1] || '@' || ${dueText}
    ELSE 'overdue-' || ((${today} - ${due} - 1) / coalesce(${policy}.overdue_every_days, ${DEFAULT_REMINDER_POLICY.overdueEveryDays}))
         || '@' || ${dueText}
  END)`;
}
