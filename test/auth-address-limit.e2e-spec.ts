import { TestApp } from './support/test-app';

// Its own file: an app per test file (passport keeps strategies in a process-wide registry).
describe('auth: failures counted per address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'true', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
  });
  afterAll(() => t.close());

  it('rate limits an address that fails across many accounts, and only that address', async () => {
    const address = '203.0.113.7';
    const user = await t.user('Victim');
    for (let i = 0; i < 4; i++) {
      const res = await t.request('POST', '/auth/login', {
        body: { email: `guess${i}@test.vigia`, password: 'guess-password' },
        headers: { 'x-forwarded-for': address },
      });
      expect(res.status).toBe(401);
    }
    const blocked = await t.request('POST', '/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { 'x-forwarded-for': address },
    });
    expect(blocked.status).toBe(429);
    const other = await t.request('POST', '/auth/login', {
      body: { email: user.email, password: user.password },
      headers: { 'x-forwarded-for': '198.51.100.9' },
    });
    expect(other.status).toBe(200);
  });
});
