import { TestApp } from './support/test-app';

// Its own file: an app per test file (passport keeps strategies in a process-wide registry).
describe('auth: failures counted per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
  });
  afterAll(() => t.close());

  /** A sign-in as seen from `address` (behind a trusted proxy that sets X-Forwarded-For). */
  const loginFrom = (address: string, email: string, password: string) =>
    t.request('POST', '/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': address } });

  it('rate limits an address that fails across many accounts, and only that address', async () => {
    const address = '203.0.113.7';
    const user = await t.user('Victim');
    for (let i = 0; i < 4; i++) {
      const res = await loginFrom(address, `guess${i}@test.vigia`, 'guess-password');
      expect(res.status).toBe(401);
    }
    const blocked = await loginFrom(address, user.email, user.password);
    expect(blocked.status).toBe(429);
    const other = await loginFrom('198.51.100.9', user.email, user.password);
    expect(other.status).toBe(200);
  });

  it('counts guesses sent at the same instant over many accounts: no more than the limit get a password checked', async () => {
    const address = '203.0.113.8';
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom(address, `burst${i}@test.vigia`, 'guess-password')),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([...Array<number>(4).fill(401), ...Array<number>(8).fill(429)]);
    // The refused guesses were given back to their accounts: none of them is counted there.
    const { rows } = await t.db.query<{ key: string; points: number }>(
      "SELECT key, points FROM login_throttle WHERE key LIKE 'account:burst%'",
    );
    expect(rows.map((r) => r.points).reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('does not count successful sign-ins against their address', async () => {
    const address = '203.0.113.9';
    const user = await t.user('Office');
    for (let i = 0; i < 10; i++) {
      const res = await loginFrom(address, user.email, user.password);
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 4; i++) {
      const res = await loginFrom(address, `office${i}@test.vigia`, 'guess-password');
      expect(res.status).toBe(401);
    }
    const blocked = await loginFrom(address, user.email, user.password);
    expect(blocked.status).toBe(429);
  });
});
