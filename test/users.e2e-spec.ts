import { TestApp } from './support/test-app';

describe('users: admin account management', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  it('lets an admin create, read and list accounts, never exposing password hashes', async () => {
    const admin = await t.admin();
    const created = await t.post(
      '/users',
      { email: ' Auditor.One@Example.ORG ', password: 'long-enough-password', name: ' Ana Auditor ', role: 'user' },
      admin.token,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'auditor.one@example.org',
      name: 'Ana Auditor',
      role: 'user',
      active: true,
      version: 1,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password/i);
    const got = await t.get(`/users/${created.body.id}`, admin.token);
    expect(got.body).toEqual(created.body);
    const list = await t.get('/users?limit=200', admin.token);
    expect(list.body.items.map((u: { id: string }) => u.id)).toContain(created.body.id);
    expect(list.body.nextCursor).toBeNull();
  });

  it('refuses a second account with the same e-mail with 409', async () => {
    const admin = await t.admin();
    const body = { email: 'twice@example.org', password: 'long-enough-password', name: 'Twice', role: 'user' };
    expect((await t.post('/users', body, admin.token)).status).toBe(201);
    const again = await t.post('/users', { ...body, email: 'TWICE@example.org' }, admin.token);
    expect(again.status).toBe(409);
  });

  it('validates input field by field', async () => {
    const admin = await t.admin();
    const res = await t.post(
      '/users',
      { email: 'not-an-email', password: 'short', name: '', role: 'superuser' },
      admin.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'email',
      'name',
      'password',
      'role',
    ]);
  });

  it('keeps user management to admins', async () => {
    const user = await t.user('Plain');
    expect((await t.get('/users', user.token)).status).toBe(403);
    expect(
      (
        await t.post(
          '/users',
          { email: 'x@example.org', password: 'long-enough-password', name: 'X', role: 'admin' },
          user.token,
        )
      ).status,
    ).toBe(403);
    expect((await t.get(`/users/${user.id}`, user.token)).status).toBe(403);
  });

  it('pages through accounts with a cursor, without repeats or gaps', async () => {
    const admin = await t.admin();
    await Promise.all([1, 2, 3, 4, 5].map((i) => t.user(`Pager ${i}`)));
    const all = (await t.get('/users?limit=200', admin.token)).body.items.map((u: { id: string }) => u.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.get(
        `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        admin.token,
      );
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u) => u.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('updates with the current version and refuses a stale one with 409, changing nothing', async () => {
    const admin = await t.admin();
    const user = await t.user('Versioned');
    const v1 = (await t.get(`/users/${user.id}`, admin.token)).body;
    const ok = await t.patch(`/users/${user.id}`, { name: 'Renamed', version: v1.version }, admin.token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ name: 'Renamed', version: v1.version + 1 });
    const stale = await t.patch(
      `/users/${user.id}`,
      { name: 'Lost update', role: 'admin', version: v1.version },
      admin.token,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/changed by someone else/);
    const now = (await t.get(`/users/${user.id}`, admin.token)).body;
    expect(now).toMatchObject({ name: 'Renamed', role: 'user', version: v1.version + 1 });
  });

  it('lets exactly one of two concurrent edits of the same version win', async () => {
    const admin = await t.admin();
    const user = await t.user('Contested');
    const { version } = (await t.get(`/users/${user.id}`, admin.token)).body;
    const results = await Promise.all([
      t.patch(`/users/${user.id}`, { name: 'First', version }, admin.token),
      t.patch(`/users/${user.id}`, { name: 'Second', version }, admin.token),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body.name;
    expect((await t.get(`/users/${user.id}`, admin.token)).body).toMatchObject({ name: winner, version: version + 1 });
  });

  it('refuses fields a PATCH may not set (mass assignment) with 400 and saves none', async () => {
    const admin = await t.admin();
    const user = await t.user('Mass');
    const before = (await t.get(`/users/${user.id}`, admin.token)).body;
    const res = await t.patch(
      `/users/${user.id}`,
      {
        name: 'Sneaky',
        email: 'admin@evil.example',
        passwordHash: 'x',
        id: '00000000-0000-4000-8000-000000000000',
        version: before.version,
      },
      admin.token,
    );
    expect(res.status).toBe(400);
    expect((await t.get(`/users/${user.id}`, admin.token)).body).toEqual(before);
  });

  it('refuses null for a field that cannot be empty, with 400', async () => {
    const admin = await t.admin();
    const user = await t.user('Nullable');
    const { version } = (await t.get(`/users/${user.id}`, admin.token)).body;
    for (const field of ['name', 'role', 'active', 'password']) {
      const res = await t.patch(`/users/${user.id}`, { [field]: null, version }, admin.token);
      expect([field, res.status]).toEqual([field, 400]);
    }
  });

  it('requires the version on PATCH', async () => {
    const admin = await t.admin();
    const user = await t.user('No Version');
    const res = await t.patch(`/users/${user.id}`, { name: 'X' }, admin.token);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'version' })]));
  });

  it('resets a password: the old one stops working and open sessions end', async () => {
    const admin = await t.admin();
    const user = await t.user('Reset');
    const { version } = (await t.get(`/users/${user.id}`, admin.token)).body;
    expect(
      (await t.patch(`/users/${user.id}`, { password: 'a-brand-new-password', version }, admin.token)).status,
    ).toBe(200);
    expect((await t.post('/auth/login', { email: user.email, password: user.password })).status).toBe(401);
    expect((await t.post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await t.post('/auth/login', { email: user.email, password: 'a-brand-new-password' })).status).toBe(200);
  });

  it('stops an admin from locking themselves out', async () => {
    const admin = await t.admin();
    const me = (await t.get(`/users/${admin.id}`, admin.token)).body;
    expect((await t.patch(`/users/${admin.id}`, { active: false, version: me.version }, admin.token)).status).toBe(409);
    expect((await t.patch(`/users/${admin.id}`, { role: 'user', version: me.version }, admin.token)).status).toBe(409);
  });

  it('answers 404 for an unknown account and 400 for a malformed id', async () => {
    const admin = await t.admin();
    expect((await t.get('/users/00000000-0000-4000-8000-000000000000', admin.token)).status).toBe(404);
    expect((await t.get('/users/not-a-uuid', admin.token)).status).toBe(400);
  });
});
