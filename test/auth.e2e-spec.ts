import { createHmac } from 'node:crypto';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestApp } from './support/test-app';

const SECRET = 'test-secret-test-secret-test-secret-0123';

function sign(
  payload: Record<string, unknown>,
  secret = SECRET,
  header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' },
): string {
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc(header)}.${enc(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('auth: sign-in, tokens, sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '100' });
  });
  afterAll(() => t.close());

  it('signs in the first admin created at boot from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const res = await t.post('/auth/login', { email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { email: ADMIN_EMAIL, role: 'admin' }, expiresIn: 900 });
    expect(typeof res.body.accessToken).toBe('string');
    expect(typeof res.body.refreshToken).toBe('string');
    expect(res.body.user.passwordHash).toBeUndefined();
    const me = await t.get('/me', res.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      id: res.body.user.id,
      email: ADMIN_EMAIL,
      name: 'Administrator',
      role: 'admin',
      locale: 'en',
      memberships: [],
    });
  });

  it('stores passwords as argon2id hashes', async () => {
    const { rows } = await t.db.query('SELECT password_hash FROM users WHERE email = $1', [ADMIN_EMAIL]);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('answers a wrong password and an unknown account alike with 401', async () => {
    const user = await t.user('Wrong Password');
    const wrong = await t.post('/auth/login', { email: user.email, password: 'not-the-password' });
    const unknown = await t.post('/auth/login', { email: 'nobody@test.vigia', password: 'whatever-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('refuses /me without a token, with a malformed one, and with a bad scheme', async () => {
    expect((await t.get('/me')).status).toBe(401);
    expect((await t.get('/me', 'not.a.jwt')).status).toBe(401);
    const res = await t.request('GET', '/me', {
      headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    });
    expect(res.status).toBe(401);
  });

  it('lets a user set their own language with PATCH /me, remembered across sign-ins, versioned and audited', async () => {
    const user = await t.user('Polyglot');
    const other = await t.user('Bystander');
    const res = await t.patch('/me', { locale: 'fr' }, user.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...(await t.get('/me', user.token)).body, locale: 'fr' });
    expect(res.body).toMatchObject({ id: user.id, email: user.email, locale: 'fr', memberships: [] });
    const again = await t.login(user.email, user.password);
    expect((await t.get('/me', again.token)).body.locale).toBe('fr');
    // Only the caller's own account changes.
    expect((await t.get('/me', other.token)).body.locale).toBe('en');
    const { rows } = await t.db.query('SELECT locale, version FROM users WHERE id = $1', [user.id]);
    expect(rows[0]).toEqual({ locale: 'fr', version: 2 });
    const updates = (await t.auditTrail('user', user.id)).filter((e) => e.action === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ actor_id: user.id, after: { locale: 'fr' } });
    // Setting the language it already has changes nothing.
    expect((await t.patch('/me', { locale: 'fr' }, user.token)).status).toBe(200);
    expect((await t.db.query('SELECT version FROM users WHERE id = $1', [user.id])).rows[0].version).toBe(2);
  });

  it('refuses PATCH /me without a valid locale, with other fields, or without a token', async () => {
    const user = await t.user('Careless');
    for (const body of [{}, { locale: 'de' }, { locale: null }, { locale: 'es', role: 'admin' }, { name: 'Renamed' }]) {
      const res = await t.patch('/me', body, user.token);
      expect([body, res.status]).toEqual([body, 400]);
    }
    expect((await t.patch('/me', { locale: 'es' })).status).toBe(401);
    const { rows } = await t.db.query('SELECT locale, role, name, version FROM users WHERE id = $1', [user.id]);
    expect(rows[0]).toEqual({ locale: 'en', role: 'user', name: 'Careless', version: 1 });
  });

  it('rate limits an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const user = await t.user('Rate Limited');
    for (let i = 0; i < 3; i++) {
      expect((await t.post('/auth/login', { email: user.email, password: 'wrong-password' })).status).toBe(401);
    }
    const blocked = await t.post('/auth/login', { email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  it('counts attempts sent at the same instant: no more than the limit get their password checked', async () => {
    const user = await t.user('Burst');
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => t.post('/auth/login', { email: user.email, password: 'wrong-password' })),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array<number>(3).fill(401), ...Array<number>(9).fill(429)]);
    expect((await t.post('/auth/login', { email: user.email, password: user.password })).status).toBe(429);
  });

  it('a successful sign-in clears the account failure count', async () => {
    const user = await t.user('Forgetful');
    for (let i = 0; i < 2; i++) await t.post('/auth/login', { email: user.email, password: 'wrong-password' });
    expect((await t.post('/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    for (let i = 0; i < 2; i++) await t.post('/auth/login', { email: user.email, password: 'wrong-password' });
    expect((await t.post('/auth/login', { email: user.email, password: user.password })).status).toBe(200);
  });

  it('rotates refresh tokens: the new pair works, the old refresh token stops working', async () => {
    const user = await t.user('Rotator');
    const first = await t.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    expect((await t.get('/me', first.body.accessToken)).status).toBe(200);
    const second = await t.post('/auth/refresh', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);
  });

  it('revokes the whole family when a rotated refresh token is reused', async () => {
    const user = await t.user('Stolen Token');
    const rotated = await t.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(rotated.status).toBe(200);
    // An attacker replays the old token: refused, and the legitimate new token dies with it.
    const replay = await t.post('/auth/refresh', { refreshToken: user.refreshToken });
    expect(replay.status).toBe(401);
    const legit = await t.post('/auth/refresh', { refreshToken: rotated.body.refreshToken });
    expect(legit.status).toBe(401);
    // Another session of the same user is untouched.
    const other = await t.login(user.email, user.password);
    expect((await t.post('/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(200);
  });

  it('lets only one of two concurrent refreshes with the same token succeed', async () => {
    const user = await t.user('Racer');
    const results = await Promise.all([
      t.post('/auth/refresh', { refreshToken: user.refreshToken }),
      t.post('/auth/refresh', { refreshToken: user.refreshToken }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('stores refresh tokens only as hashes', async () => {
    const user = await t.user('Hashed');
    const { rows } = await t.db.query('SELECT token_hash FROM refresh_tokens WHERE user_id = $1', [user.id]);
    expect(rows.length).toBe(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toContain(user.refreshToken);
  });

  it('logout revokes the refresh token', async () => {
    const user = await t.user('Leaver');
    const out = await t.request('POST', '/auth/logout', {
      token: user.token,
      body: { refreshToken: user.refreshToken },
    });
    expect(out.status).toBe(204);
    expect((await t.post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
  });

  it('refuses a deactivated user: sign-in, refresh and existing access tokens', async () => {
    const admin = await t.admin();
    const user = await t.user('Deactivated');
    const current = await t.get(`/users/${user.id}`, admin.token);
    const off = await t.patch(`/users/${user.id}`, { active: false, version: current.body.version }, admin.token);
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await t.post('/auth/login', { email: user.email, password: user.password })).status).toBe(401);
    expect((await t.post('/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(401);
    expect((await t.get('/me', user.token)).status).toBe(401);
  });

  describe('access tokens', () => {
    let userId: string;
    const now = (): number => Math.floor(Date.now() / 1000);
    const claims = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
      sub: userId,
      typ: 'access',
      iss: 'vigia',
      aud: 'vigia-api',
      iat: now(),
      exp: now() + 300,
      ...over,
    });
    beforeAll(async () => {
      userId = (await t.user('Token Holder')).id;
    });

    it('accepts a well-formed token (the forging helper is right)', async () => {
      expect((await t.get('/me', sign(claims()))).status).toBe(200);
    });

    it.each([
      [
        'alg none',
        () =>
          `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`,
      ],
      ['another key', () => sign(claims(), 'another-secret-another-secret-another-0')],
      ['HS512', () => sign(claims(), SECRET, { alg: 'HS512', typ: 'JWT' })],
      ['expired', () => sign(claims({ exp: now() - 60 }))],
      ['not yet valid', () => sign(claims({ nbf: now() + 600 }))],
      ['wrong audience', () => sign(claims({ aud: 'someone-else' }))],
      ['wrong issuer', () => sign(claims({ iss: 'someone-else' }))],
      ['not an access token', () => sign(claims({ typ: 'refresh' }))],
      ['unknown subject', () => sign(claims({ sub: '00000000-0000-4000-8000-000000000000' }))],
      [
        'tampered payload',
        () => {
          const [h, , s] = sign(claims()).split('.');
          return `${h}.${Buffer.from(JSON.stringify(claims({ sub: userId, role: 'admin' }))).toString('base64url')}.${s}`;
        },
      ],
    ])('refuses a token with %s', async (_name, make) => {
      expect((await t.get('/me', make())).status).toBe(401);
    });

    it('refuses a refresh token used as an access token', async () => {
      const user = await t.user('Confused');
      expect((await t.get('/me', user.refreshToken)).status).toBe(401);
    });
  });
});
