// Reminder e-mail through a real SMTP server started by the test: delivered once, in the recipient's language, under
// a Message-ID naming the outbox row; retried after a refusal; marked failed once the retries are spent.
import { jobId, JobName, QueueName, QueueService } from '@vigia/queue';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { type TestUser, TestApp } from './support/test-app';
import { dayOffset, until } from './support/wait';

type Team = Awaited<ReturnType<TestApp['reviewTeam']>>;

describe('reminder e-mail over SMTP', () => {
  let t: TestApp;
  let queues: QueueService;
  let smtp: SMTPServer;
  const received: ParsedMail[] = [];
  /** How many of the next deliveries the server refuses with a temporary error. */
  let refuse = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (refuse > 0) {
            refuse--;
            callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
            return;
          }
          simpleParser(Buffer.concat(chunks)).then(
            (mail) => {
              received.push(mail);
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    t = await TestApp.start({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Vigía <vigia@test.vigia>',
      PUBLIC_URL: 'https://vigia.test',
    });
    queues = t.app.get(QueueService);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const scan = async (): Promise<void> => {
    const res = await t.post('/admin/reminders/scan', {}, (await t.admin()).token);
    expect(res.status).toBe(202);
    await until(
      'scan',
      async () => (await queues.getJob(JobName.ScanReminders, res.body.jobId))?.getState(),
      (s) => s === 'completed',
    );
    await until(
      'reminders delivered',
      () => queues.queue(QueueName.Reminders).getJobCounts('waiting', 'active', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
    );
  };

  const mailsAbout = async (itemId: string): Promise<any[]> =>
    (
      await t.db.query(
        `SELECT m.id, m.to_address AS "toAddress", m.subject, m.status, m.attempts, m.last_error AS "lastError",
                m.delivered_at AS "deliveredAt"
           FROM mail_messages m JOIN notifications n ON n.id = m.notification_id
          WHERE n.item_id = $1 ORDER BY m.to_address`,
        [itemId],
      )
    ).rows;

  const deliverable = async (team: Team, title: string, owner?: TestUser): Promise<string> => {
    const res = await t.post(
      `/reviews/${team.reviewId}/deliverables`,
      { title, kind: 'report', dueOn: dayOffset(3), ownerId: owner?.id },
      team.coordinator.token,
    );
    if (res.status !== 201) throw new Error(`create deliverable failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  const setLocale = async (user: TestUser, locale: string): Promise<void> => {
    const admin = await t.admin();
    const { version } = (await t.get(`/users/${user.id}`, admin.token)).body;
    const res = await t.patch(`/users/${user.id}`, { locale, version }, admin.token);
    expect(res.status).toBe(200);
    expect(res.body.locale).toBe(locale);
  };

  const dateIn = (locale: string): string =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'long' }).format(
      new Date(`${dayOffset(3)}T00:00:00Z`),
    );

  it("delivers each reminder once, in the recipient's language, under the outbox row's Message-ID", async () => {
    const team = await t.reviewTeam();
    await setLocale(team.coordinator, 'es');
    const id = await deliverable(team, 'Informe de diagnóstico', team.auditor);
    await scan();
    const mails = await until(
      'mails sent',
      () => mailsAbout(id),
      (rows) => rows.length === 2 && rows.every((r) => r.status === 'sent'),
    );
    const mine = (to: string) => received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text === to);
    const coordinator = mine(team.coordinator.email);
    const auditor = mine(team.auditor.email);
    expect(coordinator).toHaveLength(1);
    expect(auditor).toHaveLength(1);
    expect(coordinator[0].subject).toBe(`El entregable «Informe de diagnóstico» vence en 3 días (${dateIn('es')})`);
    expect(auditor[0].subject).toBe(`Deliverable «Informe de diagnóstico» is due in 3 days (${dateIn('en-GB')})`);
    expect(coordinator[0].from?.value).toEqual([{ name: 'Vigía', address: 'vigia@test.vigia' }]);
    expect(coordinator[0].text).toContain(`https://vigia.test/reviews/${team.reviewId}`);
    expect(coordinator[0].text).toContain('Revisión: Review');
    const coordinatorRow = mails.find((m) => m.toAddress === team.coordinator.email);
    expect(coordinator[0].messageId).toBe(`<${coordinatorRow.id}@vigia>`);
    expect(coordinatorRow).toMatchObject({ attempts: 1, lastError: null, deliveredAt: expect.any(Date) });

    // The scan again, and the send job again: nothing more arrives.
    await scan();
    const again = await queues.add(
      JobName.SendMail,
      { mailId: coordinatorRow.id },
      { jobId: jobId(JobName.SendMail, coordinatorRow.id, 'again') },
    );
    await until(
      'second send',
      async () => (await queues.getJob(JobName.SendMail, again.id!))?.returnvalue,
      (v) => v !== undefined && v !== null,
    );
    expect((await queues.getJob(JobName.SendMail, again.id!))?.returnvalue).toEqual({
      status: 'unchanged',
      mailId: coordinatorRow.id,
      current: 'sent',
    });
    expect(mine(team.coordinator.email)).toHaveLength(1);
    expect(mine(team.auditor.email)).toHaveLength(1);
  });

  it('delivers on the retry a message the server refused at first, and lists it as sent after two attempts', async () => {
    const team = await t.reviewTeam();
    refuse = 1;
    const id = await deliverable(team, 'Briefing after a refusal');
    await scan();
    const [mail] = await until(
      'mail sent on the retry',
      () => mailsAbout(id),
      (rows) => rows.length === 1 && rows[0].status === 'sent',
    );
    expect(mail).toMatchObject({ toAddress: team.coordinator.email, attempts: 2 });
    expect(mail.lastError).toMatch(/try again later/i);
    expect(received.filter((m) => m.subject === mail.subject)).toHaveLength(1);
    const listed = await t.get('/admin/outbox?status=sent', (await t.admin()).token);
    expect(listed.body.items.find((m: { id: string }) => m.id === mail.id)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('marks a message failed once its send job has failed for good', async () => {
    const team = await t.reviewTeam();
    const id = await deliverable(team, 'Refused for good');
    refuse = 1_000;
    try {
      await scan();
      const [mail] = await until(
        'first refusal recorded',
        () => mailsAbout(id),
        (rows) => rows.length === 1 && rows[0].attempts >= 1,
      );
      // One attempt only, so the test need not sit through five backoffs; the failure hook is the same.
      await queues
        .queue(QueueName.Mail)
        .add(
          JobName.SendMail,
          { mailId: mail.id },
          { jobId: jobId(JobName.SendMail, mail.id, randomUUID()), attempts: 1 },
        );
      const [failed] = await until(
        'mail failed',
        () => mailsAbout(id),
        (rows) => rows[0].status === 'failed',
      );
      expect(failed.lastError).toMatch(/try again later/i);
      expect(failed.deliveredAt).toBeNull();
    } finally {
      refuse = 0;
    }
  });
});
