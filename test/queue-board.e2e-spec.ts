// The queue dashboard (Bull Board) at /admin/queues: admins only, through an HttpOnly ticket cookie.
import { QueueName } from '@vigia/queue';
import { TestApp, type TestUser } from './support/test-app';

describe('queue dashboard', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.admin();
  });
  afterAll(() => t.close());

  const open = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${t.baseUrl}${path}`, { redirect: 'manual', ...init });

  const signIn = (email: string, password: string): Promise<Response> =>
    open('/admin/queues/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }).toString(),
    });

  const ticketOf = (res: Response): string => {
    const set = res.headers.getSetCookie().find((c) => c.startsWith('vigia_board='));
    if (!set) throw new Error(`no ticket cookie (status ${res.status})`);
    return set.split(';')[0];
  };

  it('sends a browser without a ticket to the sign-in form, and refuses its API calls with 401', async () => {
    const page = await open('/admin/queues');
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe('/admin/queues/login');
    expect((await open('/admin/queues/api/queues')).status).toBe(401);
    const form = await open('/admin/queues/login');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post" action="/admin/queues/login">');
  });

  it('signs an admin in with an HttpOnly, SameSite=Strict ticket scoped to the dashboard, and shows every queue', async () => {
    const res = await signIn(admin.email, admin.password);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/admin/queues');
    const set = res.headers.getSetCookie().find((c) => c.startsWith('vigia_board='))!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\/admin\/queues/);

    const cookie = ticketOf(res);
    const page = await open('/admin/queues', { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Vigía queues');
    // The page's own scripts load under the same ticket (they are relative to its <base href>).
    const base = /<base href="([^"]+)"/.exec(html)![1];
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)![1];
    const asset = await open(new URL(script, `${t.baseUrl}${base}`).pathname, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    const api = await open('/admin/queues/api/queues', { headers: { cookie } });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(Object.values(QueueName).sort());
  });

  it('refuses a wrong password (401) and a signed-in user who is not an admin (403), setting no ticket', async () => {
    const wrong = await signIn(admin.email, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const user = await t.user('Not an admin');
    const refused = await signIn(user.email, user.password);
    expect(refused.status).toBe(403);
    expect(refused.headers.getSetCookie()).toEqual([]);
    expect(await refused.text()).toContain('Only administrators');
  });

  it('hands an API session to the dashboard through POST /admin/queues/session, for admins only', async () => {
    const user = await t.user('Coordinator only');
    expect((await t.post('/admin/queues/session', {}, user.token)).status).toBe(403);
    expect((await t.post('/admin/queues/session', {})).status).toBe(401);

    const res = await t.post('/admin/queues/session', {}, admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ url: '/admin/queues', expiresIn: 1800 });
    const cookie = ticketOf(res as unknown as Response);
    expect((await open('/admin/queues/api/queues', { headers: { cookie } })).status).toBe(200);
  });

  it('refuses tickets that are not board tickets, and the ticket of an admin who lost the role', async () => {
    // An access token is signed with the same key but is not a board ticket.
    const forged = `vigia_board=${admin.token}`;
    expect((await open('/admin/queues/api/queues', { headers: { cookie: forged } })).status).toBe(401);

    const second = await t.user('Second admin', 'admin');
    const cookie = ticketOf(await signIn(second.email, second.password));
    expect((await open('/admin/queues/api/queues', { headers: { cookie } })).status).toBe(200);
    const current = await t.get(`/users/${second.id}`, admin.token);
    const demoted = await t.patch(`/users/${second.id}`, { role: 'user', version: current.body.version }, admin.token);
    expect(demoted.status).toBe(200);
    expect((await open('/admin/queues/api/queues', { headers: { cookie } })).status).toBe(401);
  });
});
