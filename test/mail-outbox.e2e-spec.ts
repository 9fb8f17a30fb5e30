// Without SMTP_URL, reminder e-mail is kept as .eml files in DATA_DIR/outbox; admins read the outbox over HTTP; a mail
// whose notification was recorded just before a crash is still sent when the reminder runs again.
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { jobId, JobName, QueueName, QueueService } from '@vigia/queue';
import { simpleParser } from 'mailparser';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TestApp, type TestResponse } from './support/test-app';
import { dayOffset, until } from './support/wait';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('the mail outbox without an SMTP server', () => {
  let t: TestApp;
  let queues: QueueService;
  let outboxDir: string;

  beforeAll(async () => {
    t = await TestApp.start();
    queues = t.app.get(QueueService);
    outboxDir = join(t.app.get<AppConfig>(APP_CONFIG).dataDir, 'outbox');
  });
  afterAll(() => t.close());

  const scan = async (): Promise<void> => {
    const res = await t.post('/admin/reminders/scan', {}, (await t.admin()).token);
    expect(res.status).toBe(202);
    await until(
      'scan',
      async () => (await queues.getJob(JobName.ScanReminders, res.body.jobId))?.getState(),
      (s) => s === 'completed',
    );
  };

  const mailsAbout = async (itemId: string): Promise<any[]> =>
    (
      await t.db.query(
        `SELECT m.id, m.to_address AS "toAddress", m.subject, m.status, m.attempts, m.created_at AS "createdAt"
           FROM mail_messages m JOIN notifications n ON n.id = m.notification_id
          WHERE n.item_id = $1 ORDER BY m.to_address`,
        [itemId],
      )
    ).rows;

  const deliverable = async (team: Team, title: string): Promise<string> => {
    const res = await t.post(
      `/reviews/${team.reviewId}/deliverables`,
      { title, kind: 'report', dueOn: dayOffset(3) },
      team.coordinator.token,
    );
    if (res.status !== 201) throw new Error(`create deliverable failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  it('writes each reminder mail whole to DATA_DIR/outbox and lists it as kept', async () => {
    const team = await t.reviewTeam();
    const id = await deliverable(team, 'Kept report');
    await scan();
    const [mail] = await until(
      'mail kept',
      () => mailsAbout(id),
      (rows) => rows.length === 1 && rows[0].status === 'kept',
    );
    const file = join(outboxDir, `${mail.createdAt.toISOString().slice(0, 10)}-${mail.id}.eml`);
    const parsed = await simpleParser(await readFile(file));
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.subject).toMatch(/^Deliverable «Kept report» is due in 3 days \(/);
    expect(parsed.messageId).toBe(`<${mail.id}@vigia>`);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe(team.coordinator.email);
    expect(parsed.text).toContain(`http://localhost:3000/reviews/${team.reviewId}`);
    // Written to a temp file and renamed: nothing half-written is left behind.
    expect(await readdir(join(outboxDir, '.tmp'))).toEqual([]);
    expect((await stat(file)).size).toBeGreaterThan(0);

    const admin = await t.admin();
    const listed = await t.get('/admin/outbox?status=kept', admin.token);
    expect(listed.status).toBe(200);
    expect(listed.body.items[0]).toEqual({
      id: mail.id,
      toAddress: team.coordinator.email,
      subject: mail.subject,
      status: 'kept',
      attempts: 1,
      lastError: null,
      createdAt: mail.createdAt.toISOString(),
      deliveredAt: expect.any(String),
    });
    const detail = await t.get(`/admin/outbox/${mail.id}`, admin.token);
    expect(detail.status).toBe(200);
    expect(detail.body.textBody).toBe(parsed.text?.trim());
    expect((await t.get('/admin/outbox?status=sent', admin.token)).body.items).toEqual([]);
  });

  it('pages the outbox newest first', async () => {
    const team = await t.reviewTeam();
    const ids = await Promise.all(['One', 'Two', 'Three'].map((title) => deliverable(team, `Paged ${title}`)));
    await scan();
    const admin = await t.admin();
    await until(
      'all kept',
      async () => (await Promise.all(ids.map(mailsAbout))).flat().map((m) => m.status),
      (statuses) => statuses.length === 3 && statuses.every((s) => s === 'kept'),
    );
    const all = (await t.db.query(`SELECT id FROM mail_messages ORDER BY created_at DESC, id DESC`)).rows.map(
      (r) => r.id,
    );
    expect(all.length).toBeGreaterThanOrEqual(4);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: TestResponse = await t.get(`/admin/outbox?limit=2${cursor ? `&cursor=${cursor}` : ''}`, admin.token);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((m: { id: string }) => m.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('lets only admins read the outbox', async () => {
    const team = await t.reviewTeam();
    for (const who of [team.coordinator, team.auditor, team.manager, team.outsider]) {
      expect((await t.get('/admin/outbox', who.token)).status).toBe(403);
      expect((await t.get(`/admin/outbox/${MISSING}`, who.token)).status).toBe(403);
      expect((await t.post('/admin/reminders/scan', {}, who.token)).status).toBe(403);
      expect((await t.post('/admin/reminders/digest', {}, who.token)).status).toBe(403);
    }
    expect((await t.get('/admin/outbox')).status).toBe(401);
    expect((await t.post('/admin/reminders/scan', {})).status).toBe(401);
    const admin = await t.admin();
    expect((await t.get(`/admin/outbox/${MISSING}`, admin.token)).status).toBe(404);
    expect((await t.get('/admin/outbox/not-a-uuid', admin.token)).status).toBe(400);
    const bad = await t.get('/admin/outbox?status=lost', admin.token);
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('status');
  });

  it('still sends the mail of a notification recorded just before a crash, when the reminder runs again', async () => {
    const team = await t.reviewTeam();
    const id = await deliverable(team, 'Crash survivor');
    const occasion = `before-3@${dayOffset(3)}`;
    // What a crash between the commit and queueing the mail leaves: the notification and a pending mail, no job.
    const { rows } = await t.db.query(
      `WITH n AS (
         INSERT INTO notifications (user_id, kind, review_id, item_type, item_id, occasion, due_on, title, body)
         VALUES ($1, 'reminder', $2, 'deliverable', $3, $4, $5, 'Crash survivor is due', 'Body')
         RETURNING id)
       INSERT INTO mail_messages (notification_id, to_address, subject, text_body)
       SELECT n.id, $6, 'Crash survivor is due', 'Body' FROM n RETURNING id`,
      [team.coordinator.id, team.reviewId, id, occasion, dayOffset(3), team.coordinator.email],
    );
    const job = await queues.add(
      JobName.DeliverReminder,
      {
        kind: 'reminder',
        userId: team.coordinator.id,
        reviewId: team.reviewId,
        itemType: 'deliverable',
        itemId: id,
        occasion,
        dueOn: dayOffset(3),
      },
      { jobId: jobId(JobName.DeliverReminder, 'rerun', randomUUID()) },
    );
    const result = await until(
      'reminder re-run',
      async () => (await queues.getJob(JobName.DeliverReminder, job.id!))?.returnvalue,
      (v) => v !== undefined && v !== null,
    );
    expect(result).toMatchObject({ status: 'exists', mailId: rows[0].id });
    const [mail] = await until(
      'mail kept',
      () => mailsAbout(id),
      (r) => r[0]?.status === 'kept',
    );
    expect(mail.id).toBe(rows[0].id);
    // The scan finds the reminder done and queues nothing for it.
    await scan();
    await until(
      'reminders drained',
      () => queues.queue(QueueName.Reminders).getJobCounts('waiting', 'active', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
    );
    expect(await mailsAbout(id)).toHaveLength(1);
  });
});
