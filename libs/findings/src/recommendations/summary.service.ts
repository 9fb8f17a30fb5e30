// A review's figures for the manager's dashboard: a handful of aggregate queries over one snapshot, never a query
// per row.
import { Injectable } from '@nestjs/common';
import { type Locale, slippageDays, todayUtc } from '@vigia/common';
import { DELIVERABLE_STATUSES, type DeliverableStatus, OPEN_DELIVERABLE_STATUSES } from '@vigia/deliverables';
import { DataSource } from 'typeorm';
import { FINDING_STATUSES, RATINGS } from '../finding.entity';
import { FOLLOW_UP_STATUSES, type FollowUpStatus } from '../follow-up.entity';
import type {
  FocusAreaRatingCountsDto,
  LateMilestoneDto,
  OverdueDeliverableDto,
  PrincipleCountDto,
  ReviewSummaryDto,
} from './dto/summary.dto';
import { LATEST_FOLLOW_UP_JOIN } from './recommendation-rows';

/** `count(*) FILTER (WHERE column = 'value')` for each value of a code-defined enum, named after the value. */
const countsBy = (column: string, values: readonly string[]): string =>
  values.map((v) => `count(*) FILTER (WHERE ${column} = '${v}')::int AS "${v}"`).join(', ');

/** The catalogue name in the locale given as parameter `param`. */
const nameIn = (alias: string, param: string): string =>
  `CASE ${param}::text WHEN 'es' THEN ${alias}.name_es WHEN 'fr' THEN ${alias}.name_fr ELSE ${alias}.name_en END`;

const OPEN = OPEN_DELIVERABLE_STATUSES.map((s) => `'${s}'`).join(', ');

type Counts<K extends string> = Record<K, number> & { total: number };

interface CountsRow {
  findings: Counts<(typeof FINDING_STATUSES)[number] | (typeof RATINGS)[number]>;
  recommendations: Counts<FollowUpStatus | 'overdue'> & { weightedImplemented: number };
  deliverables: Counts<DeliverableStatus>;
  milestones: { total: number; achieved: number };
}

interface MilestoneCandidateRow {
  id: string;
  title: string;
  plannedOn: string;
  precision: LateMilestoneDto['precision'];
}

function pick<K extends string>(row: Record<string, number>, keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Record<K, number>;
}

@Injectable()
export class SummaryService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(reviewId: string, locale: Locale = 'en'): Promise<ReviewSummaryDto> {
    const today = todayUtc();
    // One snapshot for every query, so the figures agree with each other (totals match their breakdowns).
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');

      // Every scalar figure in one statement: each table is read once, each count with FILTER.
      const [counts] = await manager.query<CountsRow[]>(
        `SELECT to_jsonb(f) AS findings, to_jsonb(rec) AS recommendations, to_jsonb(d) AS deliverables,
                to_jsonb(m) AS milestones
         FROM
           (SELECT count(*)::int AS total, ${countsBy('status', FINDING_STATUSES)}, ${countsBy('rating', RATINGS)}
            FROM findings WHERE review_id = $1) f,
           (SELECT count(*)::int AS total, ${countsBy('s', FOLLOW_UP_STATUSES)},
                   count(*) FILTER (WHERE target_on < $2::date AND s <> 'implemented')::int AS overdue,
                   (count(*) FILTER (WHERE s = 'implemented')
                     + 0.5 * count(*) FILTER (WHERE s = 'partially_implemented'))::float8 AS "weightedImplemented"
            FROM (SELECT r.target_on, coalesce(latest.status, 'not_started') AS s
                  FROM recommendations r ${LATEST_FOLLOW_UP_JOIN}
                  WHERE r.review_id = $1) latest_status) rec,
           (SELECT count(*)::int AS total, ${countsBy('status', DELIVERABLE_STATUSES)}
            FROM deliverables WHERE review_id = $1) d,
           (SELECT count(*)::int AS total, count(actual_on)::int AS achieved
            FROM milestones WHERE review_id = $1) m`,
        [reviewId, today],
      );

      // The review's focus areas and any other its findings use, with the findings' ratings, in catalogue order.
      const byFocusArea = await manager.query<FocusAreaRatingCountsDto[]>(
        `SELECT fa.id AS "focusAreaId", fa.code, ${nameIn('fa', '$2')} AS name,
                ${RATINGS.map((r) => `coalesce(c."${r}", 0)::int AS "${r}"`).join(', ')},
                coalesce(c.total, 0)::int AS total
         FROM focus_areas fa
         LEFT JOIN (
           SELECT focus_area_id, count(*) AS total, ${countsBy('rating', RATINGS)}
           FROM findings WHERE review_id = $1 GROUP BY focus_area_id
         ) c ON c.focus_area_id = fa.id
         WHERE c.focus_area_id IS NOT NULL
            OR fa.id = ANY ((SELECT focus_area_ids FROM reviews WHERE id = $1)::uuid[])
         ORDER BY fa.position, fa.id`,
        [reviewId, locale],
      );

      // Every principle, zero included; a finding counts once per principle it cites. The review's findings are read
      // once and their codes unnested, rather than probing the principles' GIN index once per principle: that index
      // spans every review, so each probe read every review's findings citing the principle.
      const byPrinciple = await manager.query<PrincipleCountDto[]>(
        `SELECT p.code, ${nameIn('p', '$2')} AS name, coalesce(c.count, 0)::int AS count
         FROM principles p
         LEFT JOIN (
           SELECT cited.code, count(*) AS count
           FROM findings f CROSS JOIN LATERAL (SELECT DISTINCT code FROM unnest(f.principle_codes) AS code) cited
           WHERE f.review_id = $1
           GROUP BY cited.code
         ) c ON c.code = p.code
         ORDER BY p.position, p.code`,
        [reviewId, locale],
      );

      const overdueDeliverables = await manager.query<OverdueDeliverableDto[]>(
        `SELECT id, title, due_on::text AS "dueOn", status, ($2::date - due_on)::int AS "daysLate"
         FROM deliverables
         WHERE review_id = $1 AND status IN (${OPEN}) AND due_on < $2::date
         ORDER BY due_on, id`,
        [reviewId, today],
      );

      // Unachieved milestones whose period started before today: the only ones whose period can have ended. The
      // slippage itself comes from the same function as GET /milestones, so the two can never disagree.
      const candidates = await manager.query<MilestoneCandidateRow[]>(
        `SELECT id, title, planned_on::text AS "plannedOn", precision
         FROM milestones
         WHERE review_id = $1 AND actual_on IS NULL AND planned_on < $2::date
         ORDER BY planned_on, id`,
        [reviewId, today],
      );
      const late: LateMilestoneDto[] = candidates
        .map((m) => ({ ...m, slippageDays: slippageDays(m.plannedOn, m.precision, null, today) ?? 0 }))
        .filter((m) => m.slippageDays > 0)
        .sort((a, b) => b.slippageDays - a.slippageDays || a.id.localeCompare(b.id));

      const rec = counts.recommendations;
      return {
        reviewId,
        asOf: today,
        findings: {
          total: counts.findings.total,
          byStatus: pick(counts.findings, FINDING_STATUSES),
          byRating: pick(counts.findings, RATINGS),
          byFocusArea,
          byPrinciple,
        },
        recommendations: {
          total: rec.total,
          byStatus: pick(rec, FOLLOW_UP_STATUSES),
          implementationRate: rec.total === 0 ? null : rec.weightedImplemented / rec.total,
          overdue: rec.overdue,
        },
        deliverables: {
          total: counts.deliverables.total,
          byStatus: pick(counts.deliverables, DELIVERABLE_STATUSES),
          overdue: overdueDeliverables,
        },
        milestones: { total: counts.milestones.total, achieved: counts.milestones.achieved, late },
      };
    });
  }
}
