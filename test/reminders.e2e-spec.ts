// Reminder policies and the reminder scan through the real queues: who is reminded of what and when, exactly once,
// however often and however concurrently the scan runs; the weekly manager digest; and the indexes the scan rests on.
import { periodOf, type Precision } from '@vigia/common';
import { jobId, JobName, QueueName, QueueService } from '@vigia/queue';
import { ReminderScanService } from '@vigia/reminders';
import { occasionSql, periodEnd } from '../libs/reminders/src/reminder-sql';
import type { PoolClient } from 'pg';
import { randomUUID } from 'node:crypto';
import { type TestUser, TestApp } from './support/test-app';
import { dayOffset, until } from './support/wait';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const DAY_MS = 86_400_000;

/** The ISO week of today, as the digest names it. */
function isoWeekOfToday(): string {
  const day = new Date(`${dayOffset(0)}T00:00:00Z`);
  const thursday = new Date(day.getTime() + (4 - (day.getUTCDay() || 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

describe('reminders', () => {
  let t: TestApp;
  let queues: QueueService;

  beforeAll(async () => {
    t = await TestApp.start();
    queues = t.app.get(QueueService);
  });
  afterAll(() => t.close());

  /** Waits for the job to finish and answers its return value. */
  const finished = async (name: JobName, id: string): Promise<any> => {
    const job = await until(
      `${name} ${id}`,
      async () => {
        const j = await queues.getJob(name, id);
        return j && ['completed', 'failed'].includes(await j.getState()) ? await queues.getJob(name, id) : undefined;
      },
      (j) => j !== undefined,
    );
    if (job!.failedReason) throw new Error(`${name} ${id} failed: ${job!.failedReason}`);
    return job!.returnvalue;
  };

  /** Until no reminder job is waiting or running. */
  const drained = async (): Promise<void> => {
    const queue = queues.queue(QueueName.Reminders);
    await until(
      'reminders queue drained',
      async () => queue.getJobCounts('waiting', 'active', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
    );
  };

  /** An admin's scan now, through the api; answers the scan's result once its reminders are delivered. */
  const scan = async (kind: 'scan' | 'digest' = 'scan'): Promise<{ candidates: number; enqueued: number }> => {
    const res = await t.post(`/admin/reminders/${kind}`, {}, (await t.admin()).token);
    expect(res.status).toBe(202);
    const result = await finished(kind === 'scan' ? JobName.ScanReminders : JobName.ScanDigests, res.body.jobId);
    await drained();
    return result;
  };

  const notified = async (itemId: string): Promise<{ userId: string; occasion: string; kind: string }[]> =>
    (
      await t.db.query(
        `SELECT user_id AS "userId", occasion, kind FROM notifications WHERE item_id = $1 ORDER BY occasion, user_id`,
        [itemId],
      )
    ).rows;

  const deliverable = async (team: Team, dueOn: string, owner?: TestUser, title = 'Diagnostic report') => {
    const res = await t.post(
      `/reviews/${team.reviewId}/deliverables`,
      { title, kind: 'report', dueOn, ownerId: owner?.id },
      team.coordinator.token,
    );
    if (res.status !== 201) throw new Error(`create deliverable failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const putPolicy = (team: Team, body: Record<string, unknown>, by: TestUser = team.coordinator) =>
    t.request('PUT', `/reviews/${team.reviewId}/reminder-policy`, { token: by.token, body });

  describe('the policy', () => {
    let team: Team;
    beforeAll(async () => {
      team = await t.reviewTeam();
    });

    it('answers the default to every member while the review has none', async () => {
      for (const who of [team.coordinator, team.auditor, team.manager, team.admin]) {
        const res = await t.get(`/reviews/${team.reviewId}/reminder-policy`, who.token);
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          reviewId: team.reviewId,
          daysBefore: [14, 3, 1],
          overdueEveryDays: 7,
          isDefault: true,
          version: 0,
        });
      }
    });

    it('hides the policy from a non-member with 404 and refuses anonymous callers with 401', async () => {
      expect((await t.get(`/reviews/${team.reviewId}/reminder-policy`, team.outsider.token)).status).toBe(404);
      expect((await putPolicy(team, { daysBefore: [2], overdueEveryDays: 3 }, team.outsider)).status).toBe(404);
      expect((await t.get(`/reviews/${team.reviewId}/reminder-policy`)).status).toBe(401);
    });

    it('lets only the coordinator change it: 403 for an auditor and a manager', async () => {
      for (const who of [team.auditor, team.manager]) {
        expect((await putPolicy(team, { daysBefore: [2], overdueEveryDays: 3 }, who)).status).toBe(403);
      }
      expect((await t.get(`/reviews/${team.reviewId}/reminder-policy`, team.auditor.token)).body.isDefault).toBe(true);
    });

    it('stores the days in descending order and versions every change', async () => {
      const created = await putPolicy(team, { daysBefore: [1, 30, 7], overdueEveryDays: 5, version: 0 });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({
        reviewId: team.reviewId,
        daysBefore: [30, 7, 1],
        overdueEveryDays: 5,
        isDefault: false,
        version: 1,
      });
      const changed = await putPolicy(team, { daysBefore: [10], overdueEveryDays: 2, version: 1 });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ daysBefore: [10], overdueEveryDays: 2, version: 2 });
      expect((await t.get(`/reviews/${team.reviewId}/reminder-policy`, team.manager.token)).body).toEqual(changed.body);
      const { rows } = await t.db.query('SELECT id FROM reminder_policies WHERE review_id = $1', [team.reviewId]);
      const trail = await t.auditTrail('reminder_policy', rows[0].id);
      expect(trail.map((e) => [e.action, e.actor_id, e.review_id])).toEqual([
        ['insert', team.coordinator.id, team.reviewId],
        ['update', team.coordinator.id, team.reviewId],
      ]);
    });

    it('rejects a stale version with 409 and changes nothing', async () => {
      const before = (await t.get(`/reviews/${team.reviewId}/reminder-policy`, team.coordinator.token)).body;
      const res = await putPolicy(team, { daysBefore: [5], overdueEveryDays: 5, version: before.version - 1 });
      expect(res.status).toBe(409);
      expect((await t.get(`/reviews/${team.reviewId}/reminder-policy`, team.coordinator.token)).body).toEqual(before);
    });

    it.each([
      ['no days', { daysBefore: [], overdueEveryDays: 7 }, 'daysBefore'],
      ['a repeated day', { daysBefore: [3, 3], overdueEveryDays: 7 }, 'daysBefore'],
      ['a day of 0', { daysBefore: [0, 3], overdueEveryDays: 7 }, 'daysBefore'],
      ['a day over 365', { daysBefore: [366], overdueEveryDays: 7 }, 'daysBefore'],
      ['a fraction of a day', { daysBefore: [1.5], overdueEveryDays: 7 }, 'daysBefore'],
      ['eleven days', { daysBefore: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], overdueEveryDays: 7 }, 'daysBefore'],
      ['days as text', { daysBefore: '14,3,1', overdueEveryDays: 7 }, 'daysBefore'],
      ['a zero cadence', { daysBefore: [3], overdueEveryDays: 0 }, 'overdueEveryDays'],
      ['a cadence over a year', { daysBefore: [3], overdueEveryDays: 366 }, 'overdueEveryDays'],
      ['no cadence', { daysBefore: [3] }, 'overdueEveryDays'],
      ['a null version', { daysBefore: [3], overdueEveryDays: 7, version: null }, 'version'],
      ['an unknown field', { daysBefore: [3], overdueEveryDays: 7, hoursBefore: [2] }, 'hoursBefore'],
    ])('refuses %s with 400 naming the field', async (_name, body, field) => {
      const res = await putPolicy(team, body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  describe('the scan', () => {
    it('reminds the owner and the coordinator of a deliverable due in 3 days once each, and not the manager', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, dayOffset(3), team.auditor);
      expect(await scan()).toEqual({ candidates: 1, enqueued: 2 });
      const occasion = `before-3@${dayOffset(3)}`;
      expect(await notified(d.id)).toEqual(
        [
          { userId: team.auditor.id, occasion, kind: 'reminder' },
          { userId: team.coordinator.id, occasion, kind: 'reminder' },
        ].sort((a, b) => a.userId.localeCompare(b.userId)),
      );
      // Run again: everything is notified already, so nothing is even queued.
      expect(await scan()).toEqual({ candidates: 0, enqueued: 0 });
      expect(await notified(d.id)).toHaveLength(2);
      const mails = await t.db.query(
        `SELECT m.to_address FROM mail_messages m JOIN notifications n ON n.id = m.notification_id WHERE n.item_id = $1`,
        [d.id],
      );
      expect(mails.rows.map((r) => r.to_address).sort()).toEqual([team.auditor.email, team.coordinator.email].sort());
    });

    it('sends one reminder each when two scans run at once', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, dayOffset(1), team.manager, 'Briefing note');
      const admin = await t.admin();
      const [a, b] = await Promise.all([
        t.post('/admin/reminders/scan', {}, admin.token),
        t.post('/admin/reminders/scan', {}, admin.token),
      ]);
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body.jobId).not.toBe(b.body.jobId);
      await Promise.all([finished(JobName.ScanReminders, a.body.jobId), finished(JobName.ScanReminders, b.body.jobId)]);
      await drained();
      const occasion = `before-1@${dayOffset(1)}`;
      expect((await notified(d.id)).map((n) => [n.userId, n.occasion]).sort()).toEqual(
        [
          [team.coordinator.id, occasion],
          [team.manager.id, occasion],
        ].sort(),
      );
      const mails = await t.db.query(
        `SELECT count(*)::int AS n FROM mail_messages m JOIN notifications n ON n.id = m.notification_id
          WHERE n.item_id = $1`,
        [d.id],
      );
      expect(mails.rows[0].n).toBe(2);
    });

    it('picks the current occasion under the review policy, never a stale one, and nothing beyond the horizon', async () => {
      const team = await t.reviewTeam();
      expect((await putPolicy(team, { daysBefore: [30, 7, 3], overdueEveryDays: 7 })).status).toBe(200);
      const cases: [number, string | null][] = [
        [2, `before-3@${dayOffset(2)}`],
        [0, `before-3@${dayOffset(0)}`],
        [6, `before-7@${dayOffset(6)}`],
        // Only this review reminds a month ahead; its horizon widens the scan for it.
        [25, `before-30@${dayOffset(25)}`],
        [31, null],
        [-1, `overdue-0@${dayOffset(-1)}`],
        [-7, `overdue-0@${dayOffset(-7)}`],
        [-8, `overdue-1@${dayOffset(-8)}`],
        [-15, `overdue-2@${dayOffset(-15)}`],
      ];
      const made = await Promise.all(
        cases.map(([days]) => deliverable(team, dayOffset(days), undefined, `Due ${days}`)),
      );
      await scan();
      for (const [i, [, occasion]] of cases.entries()) {
        expect((await notified(made[i].id)).map((n) => n.occasion)).toEqual(occasion ? [occasion] : []);
      }
    });

    it('says nothing about a delivered deliverable', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, dayOffset(-8));
      for (const to of ['in_progress', 'in_review', 'delivered']) {
        expect((await t.post(`/deliverables/${d.id}/transitions`, { to }, team.coordinator.token)).status).toBe(200);
      }
      await scan();
      expect(await notified(d.id)).toEqual([]);
    });

    it('starts a new series when a deliverable is rescheduled', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, dayOffset(3));
      await scan();
      expect((await notified(d.id)).map((n) => n.occasion)).toEqual([`before-3@${dayOffset(3)}`]);
      const moved = await t.patch(
        `/deliverables/${d.id}`,
        { dueOn: dayOffset(1), version: d.version },
        team.coordinator.token,
      );
      expect(moved.status).toBe(200);
      await scan();
      expect((await notified(d.id)).map((n) => n.occasion)).toEqual([
        `before-1@${dayOffset(1)}`,
        `before-3@${dayOffset(3)}`,
      ]);
    });

    it('treats a month-precision milestone as due on the last day of its month, and tells its deliverable owner', async () => {
      const team = await t.reviewTeam();
      const owned = await deliverable(team, dayOffset(60), team.auditor, 'Final report');
      const lastMonth = new Date(`${dayOffset(0).slice(0, 7)}-01T00:00:00Z`);
      lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
      const plannedOn = lastMonth.toISOString().slice(0, 10);
      const res = await t.post(
        `/reviews/${team.reviewId}/milestones`,
        { title: 'Fieldwork done', plannedOn, precision: 'month', deliverableId: owned.id },
        team.coordinator.token,
      );
      expect(res.status).toBe(201);
      await scan();
      const end = periodOf(plannedOn, 'month').end;
      const late = Math.round((Date.parse(dayOffset(0)) - Date.parse(end)) / DAY_MS);
      const occasion = `overdue-${Math.floor((late - 1) / 7)}@${end}`;
      expect((await notified(res.body.id)).map((n) => [n.userId, n.occasion]).sort()).toEqual(
        [
          [team.auditor.id, occasion],
          [team.coordinator.id, occasion],
        ].sort(),
      );
      const title = (await t.db.query('SELECT title FROM notifications WHERE item_id = $1 LIMIT 1', [res.body.id]))
        .rows[0].title;
      expect(title).toMatch(/^Milestone «Fieldwork done» is overdue by \d+ days? \(due [A-Z][a-z]+ \d{4}\)$/);
    });

    it("reminds the coordinator and the finding's author of a recommendation's target, and stops once it is implemented", async () => {
      const team = await t.reviewTeam();
      const area = (await t.db.query(`SELECT id FROM focus_areas ORDER BY position LIMIT 1`)).rows[0].id;
      const finding = await t.post(
        `/reviews/${team.reviewId}/findings`,
        {
          title: 'Direct awards without justification',
          focusAreaId: area,
          principleCodes: ['integrity'],
          condition: 'Observed.',
          criteria: 'Good practice.',
          cause: 'Weak controls.',
          effect: 'Risk.',
          likelihood: 3,
          impact: 3,
        },
        team.auditor.token,
      );
      expect(finding.status).toBe(201);
      const recommend = async (targetOn: string) => {
        const res = await t.post(
          `/findings/${finding.body.id}/recommendations`,
          { text: 'Publish every direct award.', priority: 'high', responsibleUnit: 'Adquisiciones', targetOn },
          team.auditor.token,
        );
        expect(res.status).toBe(201);
        return res.body;
      };
      const open = await recommend(dayOffset(1));
      const done = await recommend(dayOffset(1));
      const followUp = await t.post(
        `/recommendations/${done.id}/follow-ups`,
        { status: 'implemented', note: 'Published since March.', on: dayOffset(0) },
        team.auditor.token,
      );
      expect(followUp.status).toBe(201);
      await scan();
      const occasion = `before-1@${dayOffset(1)}`;
      expect((await notified(open.id)).map((n) => [n.userId, n.occasion]).sort()).toEqual(
        [
          [team.auditor.id, occasion],
          [team.coordinator.id, occasion],
        ].sort(),
      );
      expect(await notified(done.id)).toEqual([]);
    });

    it('reminds nobody about a closed review', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, dayOffset(-2));
      let version = team.review.version;
      for (const status of ['active', 'reporting', 'follow_up', 'closed']) {
        const res = await t.patch(`/reviews/${team.reviewId}`, { status, version }, team.coordinator.token);
        expect(res.status).toBe(200);
        version = res.body.version;
      }
      await scan();
      await scan('digest');
      expect(await notified(d.id)).toEqual([]);
      expect(await notified(team.reviewId)).toEqual([]);
    });

    it('records a reminder delivered twice once, with one mail', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, dayOffset(3));
      const payload = {
        kind: 'reminder' as const,
        userId: team.coordinator.id,
        reviewId: team.reviewId,
        itemType: 'deliverable' as const,
        itemId: d.id,
        occasion: `before-3@${dayOffset(3)}`,
        dueOn: dayOffset(3),
      };
      const first = await queues.add(JobName.DeliverReminder, payload, {
        jobId: jobId(JobName.DeliverReminder, 'a', randomUUID()),
      });
      expect(await finished(JobName.DeliverReminder, first.id!)).toMatchObject({ status: 'created' });
      const again = await queues.add(JobName.DeliverReminder, payload, {
        jobId: jobId(JobName.DeliverReminder, 'b', randomUUID()),
      });
      expect(await finished(JobName.DeliverReminder, again.id!)).toMatchObject({ status: 'exists' });
      const rows = await t.db.query(
        `SELECT n.id, count(m.id)::int AS mails FROM notifications n LEFT JOIN mail_messages m ON m.notification_id = n.id
          WHERE n.item_id = $1 GROUP BY n.id`,
        [d.id],
      );
      expect(rows.rows).toEqual([{ id: expect.any(String), mails: 1 }]);
    });

    it('answers stale for a reminder about an item rescheduled since the scan, and records nothing', async () => {
      const team = await t.reviewTeam();
      const d = await deliverable(team, dayOffset(3));
      const job = await queues.add(
        JobName.DeliverReminder,
        {
          kind: 'reminder',
          userId: team.coordinator.id,
          reviewId: team.reviewId,
          itemType: 'deliverable',
          itemId: d.id,
          occasion: `before-3@${dayOffset(4)}`,
          dueOn: dayOffset(4),
        },
        { jobId: jobId(JobName.DeliverReminder, 'stale', randomUUID()) },
      );
      expect(await finished(JobName.DeliverReminder, job.id!)).toEqual({ status: 'stale' });
      expect(await notified(d.id)).toEqual([]);
    });

    it('refuses a second notification for the same person, item and occasion at the database', async () => {
      const team = await t.reviewTeam();
      const insert = () =>
        t.db.query(
          `INSERT INTO notifications (user_id, kind, review_id, item_type, item_id, occasion, due_on, title, body)
           VALUES ($1, 'reminder', $2, 'deliverable', $3, 'before-3@2030-01-01', '2030-01-01', 'x', 'y')`,
          [team.coordinator.id, team.reviewId, team.reviewId],
        );
      await insert();
      await expect(insert()).rejects.toMatchObject({ code: '23505', constraint: 'ux_notifications_once' });
    });
  });

  describe('the weekly digest', () => {
    it('sends the manager of a review with something late one digest a week naming it, and the coordinator none', async () => {
      const team = await t.reviewTeam();
      await deliverable(team, dayOffset(-5), undefined, 'Late diagnostic');
      await deliverable(team, dayOffset(20), undefined, 'Future report');
      const first = await scan('digest');
      expect(first.enqueued).toBeGreaterThanOrEqual(1);
      await scan('digest');
      const rows = (
        await t.db.query(
          `SELECT user_id AS "userId", kind, occasion, due_on, title, body FROM notifications
            WHERE item_type = 'review' AND item_id = $1`,
          [team.reviewId],
        )
      ).rows;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        userId: team.manager.id,
        kind: 'digest',
        occasion: `digest@${isoWeekOfToday()}`,
        due_on: null,
        title: 'Weekly digest: 1 late item in «Review»',
      });
      expect(rows[0].body).toContain('- Deliverable «Late diagnostic»: due ');
      expect(rows[0].body).toContain(', 5 days late');
      expect(rows[0].body).not.toContain('Future report');
    });
  });

  describe('the SQL underneath', () => {
    it('computes the end of a planned period exactly as periodOf does', async () => {
      const samples: [string, Precision][] = [
        ['2017-03-15', 'day'],
        ['2016-02-01', 'month'],
        ['2018-07-01', 'quarter'],
        ['2019-06-01', 'season'],
        ['2019-12-01', 'season'],
        ['2020-01-15', 'season'],
        ['2019-03-01', 'season'],
        ['2019-01-01', 'year'],
      ];
      for (const [plannedOn, precision] of samples) {
        const res = await t.db.query(
          `SELECT to_char(${periodEnd('m')}, 'YYYY-MM-DD') AS e FROM (SELECT $1::date AS planned_on, $2::text AS precision) m`,
          [plannedOn, precision],
        );
        expect([plannedOn, precision, res.rows[0].e]).toEqual([
          plannedOn,
          precision,
          periodOf(plannedOn, precision).end,
        ]);
      }
    });

    it.each([
      [3, null, 'before-3'],
      [2, null, 'before-3'],
      [4, null, 'before-14'],
      [14, null, 'before-14'],
      [15, null, null],
      [1, null, 'before-1'],
      [0, null, 'before-1'],
      [-1, null, 'overdue-0'],
      [-7, null, 'overdue-0'],
      [-8, null, 'overdue-1'],
      [-15, null, 'overdue-2'],
      [5, [2, 5], 'before-5'],
      [6, [2, 5], null],
      [-3, [2, 5], 'overdue-1'],
    ] as [number, number[] | null, string | null][])(
      'names the occasion of an item due in %i days under the policy %j: %s',
      async (days, daysAsc, expected) => {
        const today = '2026-11-28';
        const due = new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
        const res = await t.db.query(
          `SELECT ${occasionSql('$1::date', '$2::date')} AS o
             FROM (SELECT $3::int[] AS days_asc, CASE WHEN $3::int[] IS NULL THEN NULL ELSE 2 END AS overdue_every_days) p`,
          [due, today, daysAsc],
        );
        expect(res.rows[0].o).toBe(expected === null ? null : `${expected}@${due}`);
      },
    );

    it('reads the candidate deliverables through ix_deliverables_due_open', async () => {
      const team = await t.reviewTeam();
      const service = t.app.get(ReminderScanService);
      const today = dayOffset(0);
      const client: PoolClient = await t.db.connect();
      let plan: string | undefined;
      try {
        await client.query('BEGIN');
        // A few thousand deliverables, most due long after the horizon, some delivered: the index holds the open ones
        // in due order, so the scan reads the few due soon and never the rest.
        await client.query(
          `INSERT INTO deliverables (review_id, title, kind, due_on, status, version)
           SELECT $1, 'Deliverable ' || g, 'report', $2::date + (g % 900) + 30,
                  CASE WHEN g % 3 = 0 THEN 'delivered' ELSE 'planned' END, 1
             FROM generate_series(1, 5000) g`,
          [team.reviewId, today],
        );
        await client.query(
          `INSERT INTO deliverables (review_id, title, kind, due_on, status, version)
           SELECT $1, 'Soon ' || g, 'report', $2::date + (g % 10), 'planned', 1 FROM generate_series(1, 20) g`,
          [team.reviewId, today],
        );
        await client.query('ANALYZE deliverables');
        const [sql, params] = service.candidateQuery('deliverable', today, await service.horizonDays());
        plan = (await client.query(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
      expect(plan).toContain('ix_deliverables_due_open');
    });
  });
});
