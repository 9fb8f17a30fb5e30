// Turns one queued reminder into a notification and its e-mail, once, however often the job runs.
import { Inject, Injectable } from '@nestjs/common';
import { type Locale, type Precision, todayUtc } from '@vigia/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { jobId, JobName, type JobPayloads, QueueService } from '@vigia/queue';
import { DataSource, type EntityManager } from 'typeorm';
import {
  digestText,
  recommendationTitle,
  type RemindedItem,
  reminderText,
  type ReminderText,
} from './reminder-messages';
import type { RemindedItemType } from './reminder-scan.service';
import { openDeliverable, openMilestone, openRecommendation, periodEnd, runningReview } from './reminder-sql';

type DeliverPayload = JobPayloads[JobName.DeliverReminder];

export type DeliverOutcome =
  /** Recorded now, with its mail (queued for sending). */
  | { status: 'created'; notificationId: string; mailId: string }
  /** Recorded before (a re-run); its mail was queued again if it was still pending. */
  | { status: 'exists'; notificationId: string; mailId: string | null }
  /** The item was closed, rescheduled or its review finished since the scan; or a digest with nothing late left. */
  | { status: 'stale' }
  /** The person is no longer active, or no longer someone to tell about this item. */
  | { status: 'skipped'; reason: string };

/** The item as it stands now, with whether it still matches the reminder and whether the person is still told. */
interface ItemRow {
  title: string;
  dueOn: string;
  plannedOn: string | null;
  precision: Precision | null;
  reviewTitle: string;
  reviewId: string;
  open: boolean;
  recipient: boolean;
}

/** Per item type: the item now ($1 its id, $2 the person). Recipients are the scan's (see reminder-scan.service). */
const ITEM_SQL: Record<RemindedItemType, string> = {
  deliverable: `
    SELECT d.title, to_char(d.due_on::timestamp, 'YYYY-MM-DD') AS "dueOn", NULL AS "plannedOn", NULL AS precision,
           rv.title AS "reviewTitle", rv.id AS "reviewId", (${openDeliverable('d')} AND ${runningReview('rv')}) AS open,
           EXISTS (SELECT 1 FROM review_members rm WHERE rm.review_id = d.review_id AND rm.user_id = $2
                      AND (rm.role = 'coordinator' OR rm.user_id = d.owner_id)) AS recipient
      FROM deliverables d JOIN reviews rv ON rv.id = d.review_id
     WHERE d.id = $1`,
  milestone: `
    SELECT m.title, to_char(${periodEnd('m')}::timestamp, 'YYYY-MM-DD') AS "dueOn", to_char(m.planned_on::timestamp, 'YYYY-MM-DD') AS "plannedOn",
           m.precision, rv.title AS "reviewTitle", rv.id AS "reviewId", (${openMilestone('m')} AND ${runningReview('rv')}) AS open,
           EXISTS (SELECT 1 FROM review_members rm WHERE rm.review_id = m.review_id AND rm.user_id = $2
                      AND (rm.role = 'coordinator' OR rm.user_id = ld.owner_id)) AS recipient
      FROM milestones m JOIN reviews rv ON rv.id = m.review_id LEFT JOIN deliverables ld ON ld.id = m.deliverable_id
     WHERE m.id = $1`,
  recommendation: `
    SELECT r.text AS title, to_char(r.target_on::timestamp, 'YYYY-MM-DD') AS "dueOn", NULL AS "plannedOn", NULL AS precision,
           rv.title AS "reviewTitle", rv.id AS "reviewId", (${openRecommendation('r')} AND ${runningReview('rv')}) AS open,
           EXISTS (SELECT 1 FROM review_members rm WHERE rm.review_id = r.review_id AND rm.user_id = $2
                      AND (rm.role = 'coordinator' OR rm.user_id = f.author_id)) AS recipient
      FROM recommendations r JOIN findings f ON f.id = r.finding_id JOIN reviews rv ON rv.id = r.review_id
     WHERE r.id = $1`,
};

/** Everything late in a review today ($1 the review, $2 today), oldest due first. */
const LATE_ITEMS_SQL = `
  SELECT * FROM (
    SELECT 'deliverable' AS "itemType", d.title, to_char(d.due_on::timestamp, 'YYYY-MM-DD') AS "dueOn",
           NULL AS "plannedOn", NULL AS precision
      FROM deliverables d WHERE d.review_id = $1 AND ${openDeliverable('d')} AND d.due_on < $2::date
    UNION ALL
    SELECT 'milestone', m.title, to_char(${periodEnd('m')}::timestamp, 'YYYY-MM-DD'), to_char(m.planned_on::timestamp, 'YYYY-MM-DD'), m.precision
      FROM milestones m WHERE m.review_id = $1 AND ${openMilestone('m')} AND ${periodEnd('m')} < $2::date
    UNION ALL
    SELECT 'recommendation', r.text, to_char(r.target_on::timestamp, 'YYYY-MM-DD'), NULL, NULL
      FROM recommendations r WHERE r.review_id = $1 AND ${openRecommendation('r')} AND r.target_on < $2::date
  ) late
  ORDER BY "dueOn", "itemType", title`;

@Injectable()
export class ReminderDeliveryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * In one transaction: the notification (unique per person, item and occasion) and its mail in the outbox. The mail
   * is queued after the commit; a re-run that finds the notification already there queues its mail again while it
   * is pending, so a crash between the commit and the queueing loses nothing (the send job is idempotent).
   */
  async deliver(payload: DeliverPayload, today: string = todayUtc()): Promise<DeliverOutcome> {
    const outcome = await this.dataSource.transaction(async (manager) => {
      const existing = await this.existing(manager, payload);
      if (existing) return existing;
      const users = await manager.query<{ email: string; locale: Locale; active: boolean }[]>(
        'SELECT email, locale, active FROM users WHERE id = $1',
        [payload.userId],
      );
      const user = users[0];
      if (!user?.active) return { status: 'skipped', reason: 'the recipient is not an active account' } as const;
      const text = await this.compose(manager, payload, user.locale, today);
      if (!('title' in text)) return text;
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO notifications (user_id, kind, review_id, item_type, item_id, occasion, due_on, title, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (user_id, item_type, item_id, occasion) DO NOTHING
         RETURNING id`,
        [
          payload.userId,
          payload.kind,
          payload.reviewId,
          payload.itemType,
          payload.itemId,
          payload.occasion,
          payload.dueOn,
          text.title,
          text.body,
        ],
      );
      // Another run of the same reminder committed first.
      if (inserted.length === 0) return (await this.existing(manager, payload))!;
      const mail = await manager.query<{ id: string }[]>(
        `INSERT INTO mail_messages (notification_id, to_address, subject, text_body) VALUES ($1, $2, $3, $4) RETURNING id`,
        [inserted[0].id, user.email, text.title, text.body],
      );
      return { status: 'created', notificationId: inserted[0].id, mailId: mail[0].id } as const;
    });
    if ((outcome.status === 'created' || outcome.status === 'exists') && outcome.mailId) {
      await this.queues.add(
        JobName.SendMail,
        { mailId: outcome.mailId },
        { jobId: jobId(JobName.SendMail, outcome.mailId) },
      );
    }
    return outcome;
  }

  /** The notification already made for this reminder, with its mail's id while that mail is still pending. */
  private async existing(manager: EntityManager, p: DeliverPayload): Promise<DeliverOutcome | null> {
    const rows = await manager.query<{ notificationId: string; mailId: string | null; status: string | null }[]>(
      `SELECT n.id AS "notificationId", m.id AS "mailId", m.status
         FROM notifications n LEFT JOIN mail_messages m ON m.notification_id = n.id
        WHERE n.user_id = $1 AND n.item_type = $2 AND n.item_id = $3 AND n.occasion = $4`,
      [p.userId, p.itemType, p.itemId, p.occasion],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      status: 'exists',
      notificationId: row.notificationId,
      mailId: row.status === 'pending' ? row.mailId : null,
    };
  }

  /** The words of the reminder, or why there is nothing to say any more. */
  private async compose(
    manager: EntityManager,
    p: DeliverPayload,
    locale: Locale,
    today: string,
  ): Promise<ReminderText | DeliverOutcome> {
    const link = `${this.config.publicUrl}/reviews/${p.reviewId}`;
    if (p.kind === 'digest') {
      const reviews = await manager.query<{ title: string; open: boolean; recipient: boolean }[]>(
        `SELECT rv.title, ${runningReview('rv')} AS open,
                EXISTS (SELECT 1 FROM review_members rm
                         WHERE rm.review_id = rv.id AND rm.user_id = $2 AND rm.role = 'manager') AS recipient
           FROM reviews rv WHERE rv.id = $1`,
        [p.itemId, p.userId],
      );
      const review = reviews[0];
      if (!review?.open) return { status: 'stale' };
      if (!review.recipient) return { status: 'skipped', reason: 'the recipient is no longer a manager of the review' };
      const late = await manager.query<RemindedItem[]>(LATE_ITEMS_SQL, [p.itemId, today]);
      if (late.length === 0) return { status: 'stale' };
      const items = late.map((i) =>
        i.itemType === 'recommendation' ? { ...i, title: recommendationTitle(i.title) } : i,
      );
      return digestText(items, locale, today, { title: review.title, link });
    }
    if (p.itemType === 'review') return { status: 'stale' };
    const rows = await manager.query<ItemRow[]>(ITEM_SQL[p.itemType], [p.itemId, p.userId]);
    const item = rows[0];
    if (!item || !item.open || item.dueOn !== p.dueOn || item.reviewId !== p.reviewId) return { status: 'stale' };
    if (!item.recipient) return { status: 'skipped', reason: 'the recipient is no longer told about this item' };
    return reminderText(
      {
        itemType: p.itemType,
        title: p.itemType === 'recommendation' ? recommendationTitle(item.title) : item.title,
        dueOn: item.dueOn,
        plannedOn: item.plannedOn ?? undefined,
        precision: item.precision ?? undefined,
      },
      locale,
      today,
      { title: item.reviewTitle, link },
    );
  }
}
