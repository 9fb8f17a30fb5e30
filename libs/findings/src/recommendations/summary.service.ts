// A review's figures for the manager's dashboard: one statement of aggregates (so one snapshot), never a query per row.
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
import { countsBy, focusAreaCountsFrom, nameIn } from './figures-sql';
import { LATEST_FOLLOW_UP_JOIN } from './recommendation-rows';

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

/**
 * The whole summary: $1 the review, $2 today, $3 the locale of catalogue names. Public for the benchmark's baseline,
 * which must run the same SQL (bench/support/bare-server.ts).
 *
 * - by focus area: the review's focus areas and any other its findings use, with the findings' ratings, in catalogue
 *   order;
 * - by principle: every principle, zero included; a finding counts once per principle it cites. The review's findings
 *   are read once and their codes unnested, rather than probing the principles' GIN index once per principle: that
 *   index spans every review, so each probe read every review's findings citing the principle;
 * - milestone candidates: unachieved milestones whose period started before today, the only ones whose period can
 *   have ended (their slippage comes from the same function as GET /milestones, so the two never disagree).
 */
export const SUMMARY_SQL = `SELECT to_jsonb(f) AS findings, to_jsonb(rec) AS recommendations, to_jsonb(d) AS deliverables,
       to_jsonb(m) AS milestones,
       (SELECT coalesce(json_agg(json_build_object('focusAreaId', fa.id, 'code', fa.code, 'name', ${nameIn('fa', '$3')},
                 ${RATINGS.map((r) => `'${r}', coalesce(c."${r}", 0)::int`).join(', ')},
                 'total', coalesce(c.total, 0)::int) ORDER BY fa.position, fa.id), '[]')
          ${focusAreaCountsFrom('$1')}) AS "byFocusArea",
       (SELECT coalesce(json_agg(json_build_object('code', p.code, 'name', ${nameIn('p', '$3')},
                 'count', coalesce(c.count, 0)::int) ORDER BY p.position, p.code), '[]')
          FROM principles p
          LEFT JOIN (
            SELECT cited.code, count(*) AS count
            FROM findings f CROSS JOIN LATERAL (SELECT DISTINCT code FROM unnest(f.principle_codes) AS code) cited
            WHERE f.review_id = $1
            GROUP BY cited.code
          ) c ON c.code = p.code) AS "byPrinciple",
       (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'dueOn', due_on::text, 'status', status,
                 'daysLate', ($2::date - due_on)::int) ORDER BY due_on, id), '[]')
          FROM deliverables
         WHERE review_id = $1 AND status IN (${OPEN}) AND due_on < $2::date) AS overdue,
       (SELECT coalesce(json_agg(json_build_object('id', id, 'title', title, 'plannedOn', planned_on::text,
                 'precision', precision) ORDER BY planned_on, id), '[]')
          FROM milestones
         WHERE review_id = $1 AND actual_on IS NULL AND planned_on < $2::date) AS candidates
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
     FROM milestones WHERE review_id = $1) m`;

interface SummaryRow extends CountsRow {
  byFocusArea: FocusAreaRatingCountsDto[];
  byPrinciple: PrincipleCountDto[];
  overdue: OverdueDeliverableDto[];
  candidates: MilestoneCandidateRow[];
}

@Injectable()
export class SummaryService {
  constructor(private readonly dataSource: DataSource) {}

  async summary(reviewId: string, locale: Locale = 'en'): Promise<ReviewSummaryDto> {
    const today = todayUtc();
    // One statement, so one snapshot: the figures agree with each other (totals match their breakdowns) without a
    // transaction, and the whole summary costs one round trip. Each table is read once per figure, each count with
    // FILTER; the lists come back as JSON arrays in their order.
    const [row] = await this.dataSource.query<SummaryRow[]>(SUMMARY_SQL, [reviewId, today, locale]);
    const counts = row;
    const { byFocusArea, byPrinciple, overdue: overdueDeliverables, candidates } = row;
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
  }
}
