// TRUST_PROXY as the proxies' own addresses: the client is the last address in X-Forwarded-For that is not one of
// them, so whatever a client writes in the header itself, the per-address sign-in limit counts the address its proxy
// saw. (This test's requests come from the loopback address, standing for the proxy.)
import { TestApp } from './support/test-app';

describe('auth: TRUST_PROXY naming the proxies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ TRUST_PROXY: 'loopback', LOGIN_MAX_FAILURES_PER_ADDRESS: '3' });
  });
  afterAll(() => t.close());

  /** A sign-in that came through the proxy, which appended the address it saw to what the client sent. */
  const login = (clientSent: string | null, proxySaw: string, email: string, password: string) =>
    t.request('POST', '/auth/login', {
      body: { email, password },
      headers: { 'x-forwarded-for': clientSent ? `${clientSent}, ${proxySaw}` : proxySaw },
    });

  it('counts the address the proxy saw, whatever the client forged before it', async () => {
    const user = await t.user('Forged');
    for (let i = 0; i < 3; i++) {
      const res = await login(`198.51.100.${i + 1}`, '203.0.113.60', `forger${i}@test.vigia`, 'guess-password');
      expect(res.status).toBe(401);
    }
    // A new forged address changes nothing: the proxy's address has used up its attempts.
    expect((await login('198.51.100.99', '203.0.113.60', user.email, user.password)).status).toBe(429);
    expect((await login(null, '203.0.113.60', user.email, user.password)).status).toBe(429);
    // Another client behind the same proxy is not affected.
    expect((await login('203.0.113.60', '203.0.113.61', user.email, user.password)).status).toBe(200);
  });
});
