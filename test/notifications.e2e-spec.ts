// /me/notifications: a person sees their own reminders and digests only, newest first, and marks them read.
import { JobName, QueueName, QueueService } from '@vigia/queue';
import { type TestUser, TestApp } from './support/test-app';
import { dayOffset, until } from './support/wait';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('notifications', () => {
  let t: TestApp;
  let reviewId: string;
  let ana: TestUser;
  let bruno: TestUser;
  /** Ana's notification ids, newest first. */
  let anas: string[];

  /** Notifications written behind the api's back, one minute apart, oldest first. */
  const seed = async (user: TestUser, count: number, label: string): Promise<string[]> =>
    (
      await t.db.query(
        `INSERT INTO notifications (user_id, kind, review_id, item_type, item_id, occasion, due_on, title, body, created_at)
         SELECT $1, 'reminder', $2, 'deliverable', gen_random_uuid(), 'before-3@2030-01-0' || (g % 9 + 1),
                '2030-01-01', $3 || ' ' || g, 'Body ' || g, now() - make_interval(mins => $4 - g)
           FROM generate_series(1, $4) g
         RETURNING id`,
        [user.id, reviewId, label, count],
      )
    ).rows
      .map((r) => r.id as string)
      .reverse();

  beforeAll(async () => {
    t = await TestApp.start();
    const team = await t.reviewTeam();
    reviewId = team.reviewId;
    [ana, bruno] = [team.coordinator, team.auditor];
    anas = await seed(ana, 5, 'Ana');
    await seed(bruno, 2, 'Bruno');
  });
  afterAll(() => t.close());

  const list = (user: TestUser, query = '') => t.get(`/me/notifications${query}`, user.token);

  it("lists the caller's own notifications newest first, page by page, with the unread count", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(ana, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.unreadCount).toBe(5);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((n: { id: string }) => n.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(anas);
    const first = (await list(ana, '?limit=1')).body.items[0];
    expect(first).toEqual({
      id: anas[0],
      kind: 'reminder',
      reviewId,
      itemType: 'deliverable',
      itemId: expect.any(String),
      occasion: expect.stringMatching(/^before-3@2030-01-0\d$/),
      dueOn: '2030-01-01',
      title: 'Ana 5',
      body: 'Body 5',
      readAt: null,
      createdAt: expect.any(String),
    });
  });

  it('marks one read, keeps the first readAt when marked again, and filters on unread', async () => {
    const read = await t.post(`/me/notifications/${anas[1]}/read`, {}, ana.token);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: anas[1], readAt: expect.any(String) });
    await new Promise((r) => setTimeout(r, 20));
    const again = await t.post(`/me/notifications/${anas[1]}/read`, {}, ana.token);
    expect(again.status).toBe(200);
    expect(again.body.readAt).toBe(read.body.readAt);

    const unread = await list(ana, '?unread=true');
    expect(unread.body.items.map((n: { id: string }) => n.id)).toEqual(anas.filter((id) => id !== anas[1]));
    expect(unread.body.unreadCount).toBe(4);
    expect((await list(ana, '?unread=false')).body.items.map((n: { id: string }) => n.id)).toEqual([anas[1]]);
    expect((await list(ana, '?unread=maybe')).status).toBe(400);
  });

  it("answers 404 for another person's notification and leaves it unread; 400 for a malformed id", async () => {
    const brunos = (await list(bruno)).body.items.map((n: { id: string }) => n.id);
    expect(brunos).toHaveLength(2);
    expect((await t.post(`/me/notifications/${brunos[0]}/read`, {}, ana.token)).status).toBe(404);
    expect((await t.post(`/me/notifications/${MISSING}/read`, {}, ana.token)).status).toBe(404);
    expect((await t.post('/me/notifications/not-a-uuid/read', {}, ana.token)).status).toBe(400);
    expect((await list(bruno)).body.unreadCount).toBe(2);
  });

  it("marks all of the caller's unread notifications read, and only theirs", async () => {
    const res = await t.post('/me/notifications/read-all', {}, ana.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ updated: 4 });
    expect((await t.post('/me/notifications/read-all', {}, ana.token)).body).toEqual({ updated: 0 });
    expect((await list(ana)).body.unreadCount).toBe(0);
    expect((await list(bruno)).body.unreadCount).toBe(2);
  });

  it('refuses anonymous callers with 401', async () => {
    expect((await t.get('/me/notifications')).status).toBe(401);
    expect((await t.post(`/me/notifications/${anas[0]}/read`, {})).status).toBe(401);
    expect((await t.post('/me/notifications/read-all', {})).status).toBe(401);
  });

  it('shows a reminder the scan made, with what it is about', async () => {
    const team = await t.reviewTeam();
    const d = await t.post(
      `/reviews/${team.reviewId}/deliverables`,
      { title: 'Diagnostic report', kind: 'report', dueOn: dayOffset(3) },
      team.coordinator.token,
    );
    expect(d.status).toBe(201);
    const queues = t.app.get(QueueService);
    const scan = await t.post('/admin/reminders/scan', {}, (await t.admin()).token);
    await until(
      'scan',
      async () => (await queues.getJob(JobName.ScanReminders, scan.body.jobId))?.getState(),
      (s) => s === 'completed',
    );
    await until(
      'reminders delivered',
      () => queues.queue(QueueName.Reminders).getJobCounts('waiting', 'active', 'prioritized'),
      (c) => Object.values(c).every((n) => n === 0),
    );
    const res = await list(team.coordinator);
    expect(res.body.unreadCount).toBe(1);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        reviewId: team.reviewId,
        itemType: 'deliverable',
        itemId: d.body.id,
        occasion: `before-3@${dayOffset(3)}`,
        dueOn: dayOffset(3),
        title: expect.stringMatching(/^Deliverable «Diagnostic report» is due in 3 days \(\d+ \w+ \d{4}\)$/),
        readAt: null,
      }),
    ]);
    expect(res.body.items[0].body).toContain(`/reviews/${team.reviewId}`);
    expect((await list(team.manager)).body).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
  });
});
