// Loads what a report says about a review: a handful of set queries over one read-only snapshot, never one per row.
import { Injectable } from '@nestjs/common';
import { type Locale, NotFoundError, todayUtc } from '@vigia/common';
import { focusAreaCountsFrom, nameIn, RATINGS } from '@vigia/findings';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  FindingLine,
  FindingsReportData,
  FocusAreaCounts,
  FollowUpLine,
  FullReportData,
  MilestoneReportData,
  RecommendationLine,
  ReportData,
  ReportHeader,
  WorkshopLine,
} from './report-data';
import type { ReportKind } from './report.entity';
import {
  type DeliverableRow,
  deliverableLine,
  lateItems,
  milestoneLine,
  type MilestoneRow,
  ratingTotals,
  recommendationFigures,
} from './report-figures';

/** Most severe first: `critical` is position 1. */
const SEVERITY = `array_position(ARRAY[${[...RATINGS]
  .reverse()
  .map((r) => `'${r}'`)
  .join(', ')}]::varchar[], f.rating)`;

type HeaderRow = ReportHeader['review'] & { institution: ReportHeader['institution'] };

interface FindingRow extends Omit<FindingLine, 'number' | 'principles' | 'recommendations' | 'focusArea'> {
  id: string;
  focusAreaCode: string;
  focusAreaName: string;
  principleCodes: string[];
}

interface RecommendationRow extends Omit<RecommendationLine, 'status' | 'followUps'> {
  id: string;
  findingId: string;
}

interface FollowUpRow extends FollowUpLine {
  recommendationId: string;
}

/** A recommendation with where it stands, and the finding it answers. */
type LoadedRecommendation = RecommendationLine & { findingId: string };

@Injectable()
export class ReportDataService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Everything a report of `kind` says about the review, in `locale`, as of today (UTC). One REPEATABLE READ,
   * READ ONLY transaction, so every figure and list comes from the same snapshot and totals match their breakdowns.
   * Rejects with NotFoundError when the review is gone.
   */
  async load(reviewId: string, kind: ReportKind, locale: Locale, now: Date = new Date()): Promise<ReportData> {
    const today = todayUtc(now);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const header = await this.header(manager, reviewId, kind, locale, today, now);
      switch (kind) {
        case 'milestone':
          return this.milestone(manager, header, today);
        case 'findings':
          return {
            kind,
            header,
            findings: await this.findings(manager, reviewId, locale),
          } satisfies FindingsReportData;
        case 'full':
          return this.full(manager, header, today);
      }
    });
  }

  private async milestone(manager: EntityManager, header: ReportHeader, today: string): Promise<MilestoneReportData> {
    const reviewId = header.review.id;
    const deliverableRows = await manager.query<DeliverableRow[]>(
      `SELECT d.title, d.kind, c.title AS component, u.name AS owner, d.due_on::text AS "dueOn", d.status,
              d.delivered_on::text AS "deliveredOn"
       FROM deliverables d
       LEFT JOIN review_components c ON c.id = d.component_id
       LEFT JOIN users u ON u.id = d.owner_id
       WHERE d.review_id = $1
       ORDER BY d.due_on, d.title, d.id`,
      [reviewId],
    );
    const milestoneRows = await manager.query<MilestoneRow[]>(
      `SELECT title, planned_on::text AS "plannedOn", precision, actual_on::text AS "actualOn"
       FROM milestones WHERE review_id = $1
       ORDER BY planned_on, title, id`,
      [reviewId],
    );
    // AVG skips nulls: the mean is over those who answered; null when nobody did.
    const workshopsHeld = await manager.query<WorkshopLine[]>(
      `SELECT w.title, w.topic, w.starts_on::text AS "startsOn", w.ends_on::text AS "endsOn", w.location,
              count(p.id)::int AS participants, (count(p.id) FILTER (WHERE p.attended))::int AS attended,
              avg(p.satisfaction)::float8 AS satisfaction
       FROM workshops w
       LEFT JOIN workshop_participants p ON p.workshop_id = w.id
       WHERE w.review_id = $1 AND w.starts_on <= $2::date
       GROUP BY w.id
       ORDER BY w.starts_on, w.title, w.id`,
      [reviewId, today],
    );
    const findingsByFocusArea = await this.focusAreaCounts(manager, reviewId, header.locale);
    const recommendations = await this.recommendations(manager, reviewId);
    const deliverables = deliverableRows.map((d) => deliverableLine(d, today));
    const milestones = milestoneRows.map((m) => milestoneLine(m, today));
    return {
      kind: 'milestone',
      header,
      deliverables,
      milestones,
      workshopsHeld,
      findingsByFocusArea,
      findingsTotal: ratingTotals(findingsByFocusArea),
      recommendations: recommendationFigures(recommendations, today),
      late: lateItems(deliverables, milestones, recommendations, today),
    };
  }

  private async full(manager: EntityManager, header: ReportHeader, today: string): Promise<FullReportData> {
    const reviewId = header.review.id;
    const components = await manager.query<FullReportData['components']>(
      `SELECT title, description FROM review_components WHERE review_id = $1 ORDER BY position, created_at, id`,
      [reviewId],
    );
    const indicators = await manager.query<FullReportData['indicators']>(
      `SELECT ii.metric, ii.year, ii.value::text AS value, ii.unit, ii.source
       FROM institution_indicators ii JOIN reviews r ON r.institution_id = ii.institution_id
       WHERE r.id = $1
       ORDER BY ii.metric, ii.year, ii.id`,
      [reviewId],
    );
    const findingsByFocusArea = await this.focusAreaCounts(manager, reviewId, header.locale);
    const recommendations = await this.recommendations(manager, reviewId);
    const findings = await this.findings(manager, reviewId, header.locale, recommendations);
    return {
      kind: 'full',
      header,
      components,
      focusAreas: findingsByFocusArea.map((fa) => ({ code: fa.code, name: fa.name })),
      indicators,
      findingsByFocusArea,
      findingsTotal: ratingTotals(findingsByFocusArea),
      findings,
      recommendations: recommendationFigures(recommendations, today),
    };
  }

  private async header(
    manager: EntityManager,
    reviewId: string,
    kind: ReportKind,
    locale: Locale,
    today: string,
    now: Date,
  ): Promise<ReportHeader> {
    const [row] = await manager.query<HeaderRow[]>(
      `SELECT r.id, r.title, r.status, r.summary, r.agreement_on::text AS "agreementOn",
              r.starts_on::text AS "startsOn", r.ends_on::text AS "endsOn",
              jsonb_build_object('name', i.name, 'acronym', i.acronym, 'jurisdiction', i.jurisdiction,
                                 'state', i.state, 'country', i.country) AS institution
       FROM reviews r JOIN institutions i ON i.id = r.institution_id
       WHERE r.id = $1`,
      [reviewId],
    );
    if (!row) throw new NotFoundError('Review');
    const { institution, ...review } = row;
    return { kind, locale, asOf: today, generatedAt: now.toISOString(), review, institution };
  }

  /** The review's focus areas and any other its findings use, with their findings' ratings, in catalogue order. */
  private focusAreaCounts(manager: EntityManager, reviewId: string, locale: Locale): Promise<FocusAreaCounts[]> {
    return manager.query<FocusAreaCounts[]>(
      `SELECT fa.code, ${nameIn('fa', '$2')} AS name,
              ${RATINGS.map((r) => `coalesce(c."${r}", 0)::int AS "${r}"`).join(', ')},
              coalesce(c.total, 0)::int AS total
       ${focusAreaCountsFrom('$1')}
       ORDER BY fa.position, fa.id`,
      [reviewId, locale],
    );
  }

  /**
   * The register: focus areas in catalogue order, the most severe first inside each, then by title. With
   * `recommendations` given (already loaded), each finding carries its own.
   */
  private async findings(
    manager: EntityManager,
    reviewId: string,
    locale: Locale,
    recommendations?: LoadedRecommendation[],
  ): Promise<FindingLine[]> {
    const rows = await manager.query<FindingRow[]>(
      `SELECT f.id, f.title, fa.code AS "focusAreaCode", ${nameIn('fa', '$2')} AS "focusAreaName",
              f.principle_codes AS "principleCodes", f.status, f.likelihood, f.impact, f.rating,
              f.condition, f.criteria, f.cause, f.effect, u.name AS author
       FROM findings f
       JOIN focus_areas fa ON fa.id = f.focus_area_id
       JOIN users u ON u.id = f.author_id
       WHERE f.review_id = $1
       ORDER BY fa.position, fa.id, ${SEVERITY}, f.title, f.id`,
      [reviewId, locale],
    );
    const principles = await manager.query<{ code: string; name: string; position: number }[]>(
      `SELECT p.code, ${nameIn('p', '$1')} AS name, p.position FROM principles p`,
      [locale],
    );
    const principleByCode = new Map(principles.map((p) => [p.code, p]));
    const byFinding = new Map<string, RecommendationLine[]>();
    for (const { findingId, ...line } of recommendations ?? (await this.recommendations(manager, reviewId))) {
      const list = byFinding.get(findingId) ?? [];
      list.push(line);
      byFinding.set(findingId, list);
    }
    return rows.map(({ id, focusAreaCode, focusAreaName, principleCodes, ...f }, index) => ({
      ...f,
      number: index + 1,
      focusArea: { code: focusAreaCode, name: focusAreaName },
      // Catalogue order, whatever order the auditor cited them in; a code no longer in the catalogue keeps its code.
      principles: principleCodes
        .map((code) => principleByCode.get(code) ?? { code, name: code, position: Number.MAX_SAFE_INTEGER })
        .sort((a, b) => a.position - b.position)
        .map(({ code, name }) => ({ code, name })),
      recommendations: byFinding.get(id) ?? [],
    }));
  }

  /**
   * The review's recommendations (in the order they were made) with every follow-up, oldest first, also those
   * recorded by a later review that follows this one up. The latest follow-up (by the day observed, then by when it
   * was recorded) gives the status, as everywhere else in the api.
   */
  private async recommendations(manager: EntityManager, reviewId: string): Promise<LoadedRecommendation[]> {
    const rows = await manager.query<RecommendationRow[]>(
      `SELECT r.id, r.finding_id AS "findingId", r.text, r.priority, r.responsible_unit AS "responsibleUnit",
              r.target_on::text AS "targetOn"
       FROM recommendations r WHERE r.review_id = $1
       ORDER BY r.created_at, r.id`,
      [reviewId],
    );
    const followUps = await manager.query<FollowUpRow[]>(
      `SELECT fu.recommendation_id AS "recommendationId", fu."on"::text AS "on", fu.status, fu.note, u.name AS by
       FROM follow_ups fu
       JOIN recommendations r ON r.id = fu.recommendation_id
       JOIN users u ON u.id = fu.by_id
       WHERE r.review_id = $1
       ORDER BY fu."on", fu.created_at, fu.id`,
      [reviewId],
    );
    const byRecommendation = new Map<string, FollowUpLine[]>();
    for (const { recommendationId, ...line } of followUps) {
      const list = byRecommendation.get(recommendationId) ?? [];
      list.push(line);
      byRecommendation.set(recommendationId, list);
    }
    return rows.map(({ id, ...r }) => {
      const lines = byRecommendation.get(id) ?? [];
      return { ...r, status: lines[lines.length - 1]?.status ?? 'not_started', followUps: lines };
    });
  }
}
