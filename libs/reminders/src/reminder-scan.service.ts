// Finds who must be reminded of what today, and the managers owed a weekly digest, and queues one DeliverReminder
// job per person, item and occasion. Everything is decided in SQL; the JavaScript only builds job payloads.
import { Injectable } from '@nestjs/common';
import { todayUtc } from '@vigia/common';
import { jobId, JobName, type JobPayloads, QueueService } from '@vigia/queue';
import { DataSource } from 'typeorm';
import { addDays, isoWeek } from './iso-week';
import { DEFAULT_REMINDER_POLICY } from './reminder-policy.entity';
import {
  occasionSql,
  policyJoin,
  openDeliverable,
  openMilestone,
  openRecommendation,
  periodEnd,
  runningReview,
} from './reminder-sql';

/** What the scan reminds people about. */
export const REMINDED_ITEM_TYPES = ['deliverable', 'milestone', 'recommendation'] as const;
export type RemindedItemType = (typeof REMINDED_ITEM_TYPES)[number];

/** One person to remind of one item on one occasion, as the candidate queries answer it. */
export interface ReminderCandidate {
  userId: string;
  reviewId: string;
  itemId: string;
  occasion: string;
  dueOn: string;
}

export interface ScanResult {
  /** Items (deliverables, milestones, recommendations; reviews for the digest) with someone to tell. */
  candidates: number;
  /** DeliverReminder jobs handed to the queue: one per person, item and occasion not notified yet. */
  enqueued: number;
}

/** Jobs per addBulk round trip. */
export const ENQUEUE_CHUNK = 1000;

/**
 * Per item type: the open items due by the horizon, each with its review, its one extra recipient besides the
 * coordinators (`also_id`), its due date and its current occasion. Parameters: $1 today, $2 the horizon.
 * The first WHERE terms match the partial indexes' predicates, so the index bounds the scan by the horizon.
 */
const DUE: Record<RemindedItemType, string> = {
  deliverable: `
    SELECT d.id AS item_id, d.review_id, d.owner_id AS also_id, d.due_on, ${occasionSql('d.due_on', '$1::date')} AS occasion
      FROM deliverables d
      JOIN reviews rv ON rv.id = d.review_id
      ${policyJoin('d.review_id')}
     WHERE ${openDeliverable('d')} AND d.due_on <= $2::date AND ${runningReview('rv')}`,
  // The period ends on or after the day it is stored under, so bounding planned_on bounds the due date too.
  milestone: `
    SELECT m.id AS item_id, m.review_id, ld.owner_id AS also_id, e.due_on, ${occasionSql('e.due_on', '$1::date')} AS occasion
      FROM milestones m
      CROSS JOIN LATERAL (SELECT ${periodEnd('m')} AS due_on) e
      JOIN reviews rv ON rv.id = m.review_id
      LEFT JOIN deliverables ld ON ld.id = m.deliverable_id
      ${policyJoin('m.review_id')}
     WHERE ${openMilestone('m')} AND m.planned_on <= $2::date AND e.due_on <= $2::date AND ${runningReview('rv')}`,
  recommendation: `
    SELECT r.id AS item_id, r.review_id, f.author_id AS also_id, r.target_on AS due_on, ${occasionSql('r.target_on', '$1::date')} AS occasion
      FROM recommendations r
      JOIN findings f ON f.id = r.finding_id
      JOIN reviews rv ON rv.id = r.review_id
      ${policyJoin('r.review_id')}
     WHERE ${openRecommendation('r')} AND r.target_on <= $2::date AND ${runningReview('rv')}`,
};

/**
 * The review's coordinators, plus the item's owner (or author) while a member in another role: each person once,
 * active accounts only, and only those not yet notified of this occasion (the unique index ux_notifications_once
 * answers each NOT EXISTS).
 */
function candidateSql(itemType: RemindedItemType): string {
  return `
    WITH due AS (
      SELECT * FROM (${DUE[itemType]}) c WHERE c.occasion IS NOT NULL
    ), recipients AS (
      SELECT due.item_id, due.review_id, due.due_on, due.occasion, rm.user_id
        FROM due JOIN review_members rm ON rm.review_id = due.review_id AND rm.role = 'coordinator'
      UNION ALL
      SELECT due.item_id, due.review_id, due.due_on, due.occasion, due.also_id
        FROM due
       WHERE due.also_id IS NOT NULL
         AND EXISTS (SELECT 1 FROM review_members o
                      WHERE o.review_id = due.review_id AND o.user_id = due.also_id AND o.role <> 'coordinator')
    )
    SELECT r.user_id AS "userId", r.review_id AS "reviewId", r.item_id AS "itemId", r.occasion,
           to_char(r.due_on::timestamp, 'YYYY-MM-DD') AS "dueOn"
      FROM recipients r
      JOIN users u ON u.id = r.user_id AND u.active
     WHERE NOT EXISTS (SELECT 1 FROM notifications n
                        WHERE n.user_id = r.user_id AND n.item_type = '${itemType}'
                          AND n.item_id = r.item_id AND n.occasion = r.occasion)`;
}

/**
 * Running reviews with anything late (each source read through its partial index, bounded by today), and their
 * active managers not yet sent this week's digest. Parameters: $1 today, $2 the occasion (`digest@2026-W48`).
 */
const DIGEST_SQL = `
  WITH late AS (
    SELECT d.review_id FROM deliverables d WHERE ${openDeliverable('d')} AND d.due_on < $1::date
    UNION
    SELECT m.review_id FROM milestones m WHERE ${openMilestone('m')} AND m.planned_on < $1::date AND ${periodEnd('m')} < $1::date
    UNION
    SELECT r.review_id FROM recommendations r WHERE ${openRecommendation('r')} AND r.target_on < $1::date
  )
  SELECT rm.user_id AS "userId", rv.id AS "reviewId"
    FROM late
    JOIN reviews rv ON rv.id = late.review_id AND ${runningReview('rv')}
    JOIN review_members rm ON rm.review_id = rv.id AND rm.role = 'manager'
    JOIN users u ON u.id = rm.user_id AND u.active
   WHERE NOT EXISTS (SELECT 1 FROM notifications n
                      WHERE n.user_id = rm.user_id AND n.item_type = 'review' AND n.item_id = rv.id AND n.occasion = $2)`;

type DeliverPayload = JobPayloads[JobName.DeliverReminder];

@Injectable()
export class ReminderScanService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  /** How far ahead anything may be reminded of: the largest daysBefore of any policy, at least the default's. */
  async horizonDays(): Promise<number> {
    const rows = await this.dataSource.query<{ days: number }[]>(
      `SELECT GREATEST($1::int, coalesce(max(n), 0)) AS days FROM reminder_policies p, unnest(p.days_before) n`,
      [Math.max(...DEFAULT_REMINDER_POLICY.daysBefore)],
    );
    return Number(rows[0].days);
  }

  /** The candidate query of one item type and its parameters, as scan() runs it (also for EXPLAIN). */
  candidateQuery(itemType: RemindedItemType, today: string, horizonDays: number): [string, unknown[]] {
    return [candidateSql(itemType), [today, addDays(today, horizonDays)]];
  }

  /** The digest query and its parameters, as scanDigests() runs it. */
  digestQuery(today: string): [string, unknown[]] {
    return [DIGEST_SQL, [today, digestOccasion(today)]];
  }

  /** Queues every reminder due `today` that nobody has been sent yet. Safe to run twice, and concurrently. */
  async scan(today: string = todayUtc()): Promise<ScanResult> {
    const horizon = await this.horizonDays();
    const result: ScanResult = { candidates: 0, enqueued: 0 };
    for (const itemType of REMINDED_ITEM_TYPES) {
      const rows = await this.dataSource.query<ReminderCandidate[]>(...this.candidateQuery(itemType, today, horizon));
      result.candidates += new Set(rows.map((r) => r.itemId)).size;
      result.enqueued += await this.enqueue(
        rows.map((r) => ({
          kind: 'reminder',
          userId: r.userId,
          reviewId: r.reviewId,
          itemType,
          itemId: r.itemId,
          occasion: r.occasion,
          dueOn: r.dueOn,
        })),
      );
    }
    return result;
  }

  /** Queues this ISO week's digest for every manager of a running review with something late. */
  async scanDigests(today: string = todayUtc()): Promise<ScanResult> {
    const occasion = digestOccasion(today);
    const rows = await this.dataSource.query<{ userId: string; reviewId: string }[]>(...this.digestQuery(today));
    const enqueued = await this.enqueue(
      rows.map((r) => ({
        kind: 'digest',
        userId: r.userId,
        reviewId: r.reviewId,
        itemType: 'review',
        itemId: r.reviewId,
        occasion,
        dueOn: null,
      })),
    );
    return { candidates: new Set(rows.map((r) => r.reviewId)).size, enqueued };
  }

  /**
   * The job id is the notification's unique key, so a reminder queued twice (two scans at once, or a scan before the
   * previous one's jobs ran) is one job; and the handler's ON CONFLICT catches whatever the queue lets through.
   */
  private async enqueue(payloads: DeliverPayload[]): Promise<number> {
    for (let i = 0; i < payloads.length; i += ENQUEUE_CHUNK) {
      await this.queues.addBulk(
        JobName.DeliverReminder,
        payloads.slice(i, i + ENQUEUE_CHUNK).map((payload) => ({
          payload,
          jobId: jobId(JobName.DeliverReminder, payload.userId, payload.itemType, payload.itemId, payload.occasion),
        })),
      );
    }
    return payloads.length;
  }
}

/** `digest@2026-W48`: one digest per manager, review and ISO week. */
export function digestOccasion(today: string): string {
  return `digest@${isoWeek(today)}`;
}
