// Hostile bearer tokens (ASVS V9, API2): every forged, stale, misdirected or borrowed token gets the same bare 401.
import { createHmac, generateKeyPairSync, type KeyObject, sign as signWith } from 'node:crypto';
import { TestApp, TestUser } from './support/test-app';

/** The secret, issuer and audience TestApp starts the api with (the config's defaults for the last two). */
const SECRET = 'test-secret-test-secret-test-secret-0123';
const ISSUER = 'vigia';
const AUDIENCE = 'vigia-api';
const TOLERANCE_SECONDS = 5;

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

type Signer = (input: string) => string;
const hmac =
  (hash: 'sha256' | 'sha384' | 'sha512', key: string | Buffer): Signer =>
  (input) =>
    createHmac(hash, key).update(input).digest('base64url');
const asymmetric =
  (key: KeyObject, options: { padding?: number; dsaEncoding?: 'ieee-p1363' } = {}): Signer =>
  (input) =>
    signWith('sha256', Buffer.from(input), { key, ...options }).toString('base64url');

/** header.payload.signature, built by hand so that nothing on our side second-guesses the forgery. */
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, signer?: Signer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return signer ? `${input}.${signer(input)}` : `${input}.`;
}

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const RSA_PSS_PADDING = 6; // crypto.constants.RSA_PKCS1_PSS_PADDING

/** A token of `typ` access that the api's own TokenService would accept, with `over` applied. */
function claims(sub: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    sub,
    typ: 'access',
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now(),
    nbf: now(),
    exp: now() + 300,
    ...over,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return payload;
}
const HS256 = { alg: 'HS256', typ: 'JWT' };
const good = (sub: string, over: Record<string, unknown> = {}): string =>
  jwt(HS256, claims(sub, over), hmac('sha256', SECRET));

/** Words that would tell an attacker which check failed, or that the library or a stack trace leaked. */
const INTERNALS =
  /jwt|jsonwebtoken|passport|signature|algorithm|audience|issuer|secret|malformed|nbf|stack|node_modules|\bat \S+ \(/i;

interface Fixture {
  t: TestApp;
  reviewId: string;
  coordinator: TestUser;
  admin: TestUser;
  feedToken: string;
  boardTicket: string;
}

/** Where each hostile token is tried: a user route and a review-scoped one (whose record the subject can read). */
const ROUTES = (f: Fixture): string[] => ['/me', `/reviews/${f.reviewId}`];

describe('tokens: hostile bearer tokens', () => {
  let f: Fixture;

  beforeAll(async () => {
    const t = await TestApp.start();
    const team = await t.reviewTeam();
    const feed = await t.get(`/reviews/${team.reviewId}/timeline/feed`, team.coordinator.token);
    if (feed.status !== 200) throw new Error(`feed token: ${feed.status}`);
    const session = await t.request('POST', '/admin/queues/session', { token: team.admin.token });
    const cookie = /vigia_board=([^;]+)/.exec(session.headers.get('set-cookie') ?? '');
    if (!cookie) throw new Error(`board ticket: ${session.status}`);
    f = {
      t,
      reviewId: team.reviewId,
      coordinator: team.coordinator,
      admin: team.admin,
      feedToken: feed.body.token as string,
      boardTicket: decodeURIComponent(cookie[1]),
    };
  });
  afterAll(() => f.t.close());

  /** Every refusal looks the same: status, shape and message, so that none says which check failed. */
  async function expectRefused(path: string, init: { token?: string; headers?: Record<string, string> }) {
    const res = await f.t.request('GET', path, init);
    expect({ path, status: res.status }).toEqual({ path, status: 401 });
    expect(res.body).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(res.body.message).not.toMatch(INTERNALS);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="vigia"');
    return res.body.message as string;
  }

  it('accepts the well-formed token the forgeries start from (the helper signs like the api)', async () => {
    for (const path of ROUTES(f)) {
      expect((await f.t.get(path, good(f.coordinator.id))).status).toBe(200);
      expect((await f.t.get(path, f.coordinator.token)).status).toBe(200);
    }
  });

  const FORGED: [string, (f: Fixture) => string | Promise<string>][] = [
    // alg none, every way a library has been fooled by it.
    ['alg none with a trailing dot', (f) => jwt({ alg: 'none', typ: 'JWT' }, claims(f.coordinator.id))],
    [
      'alg none without a trailing dot',
      (f) => jwt({ alg: 'none', typ: 'JWT' }, claims(f.coordinator.id)).replace(/\.$/, ''),
    ],
    ['alg None', (f) => jwt({ alg: 'None', typ: 'JWT' }, claims(f.coordinator.id))],
    ['alg NONE', (f) => jwt({ alg: 'NONE', typ: 'JWT' }, claims(f.coordinator.id))],
    [
      'alg none carrying a valid HS256 signature',
      (f) => {
        const [, , signature] = good(f.coordinator.id).split('.');
        return `${jwt({ alg: 'none', typ: 'JWT' }, claims(f.coordinator.id))}${signature}`;
      },
    ],
    ['HS256 with a signature of another length', (f) => `${good(f.coordinator.id)}AAAA`],
    // The right algorithm, the wrong key.
    ['HS256 signed with another key', (f) => jwt(HS256, claims(f.coordinator.id), hmac('sha256', 'x'.repeat(40)))],
    ['HS256 signed with an empty key', (f) => jwt(HS256, claims(f.coordinator.id), hmac('sha256', ''))],
    [
      'HS256 keyed with an RSA public key (key confusion)',
      (f) =>
        jwt(HS256, claims(f.coordinator.id), hmac('sha256', rsa.publicKey.export({ type: 'spki', format: 'pem' }))),
    ],
    // The right key, another algorithm: the api pins HS256.
    [
      'HS512 with the right key',
      (f) => jwt({ alg: 'HS512', typ: 'JWT' }, claims(f.coordinator.id), hmac('sha512', SECRET)),
    ],
    [
      'HS384 with the right key',
      (f) => jwt({ alg: 'HS384', typ: 'JWT' }, claims(f.coordinator.id), hmac('sha384', SECRET)),
    ],
    [
      'alg hs256 in lower case',
      (f) => jwt({ alg: 'hs256', typ: 'JWT' }, claims(f.coordinator.id), hmac('sha256', SECRET)),
    ],
    // Asymmetric signatures with keys the attacker made.
    [
      'RS256 with a generated key pair',
      (f) => jwt({ alg: 'RS256', typ: 'JWT' }, claims(f.coordinator.id), asymmetric(rsa.privateKey)),
    ],
    [
      'RS256 carrying its own public key as an embedded jwk',
      (f) =>
        jwt(
          { alg: 'RS256', typ: 'JWT', jwk: rsa.publicKey.export({ format: 'jwk' }) },
          claims(f.coordinator.id),
          asymmetric(rsa.privateKey),
        ),
    ],
    [
      'PS256 with a generated key pair',
      (f) =>
        jwt(
          { alg: 'PS256', typ: 'JWT' },
          claims(f.coordinator.id),
          asymmetric(rsa.privateKey, { padding: RSA_PSS_PADDING }),
        ),
    ],
    [
      'ES256 with a generated key pair',
      (f) =>
        jwt(
          { alg: 'ES256', typ: 'JWT' },
          claims(f.coordinator.id),
          asymmetric(ec.privateKey, { dsaEncoding: 'ieee-p1363' }),
        ),
    ],
    // Signed with the right key, but not valid now, not for us, or not an access token.
    ['an expired token', (f) => good(f.coordinator.id, { iat: now() - 1000, nbf: now() - 1000, exp: now() - 60 })],
    [
      'a token expired just past the clock tolerance',
      (f) => good(f.coordinator.id, { iat: now() - 600, nbf: now() - 600, exp: now() - TOLERANCE_SECONDS - 3 }),
    ],
    ['a token not valid until later (nbf)', (f) => good(f.coordinator.id, { nbf: now() + 600 })],
    ['a token without an expiry', (f) => good(f.coordinator.id, { exp: undefined })],
    ['a token without an issue time', (f) => good(f.coordinator.id, { iat: undefined })],
    // Access tokens live JWT_ACCESS_TTL_SECONDS (900 s by default); a valid-looking one that lives a year was not one.
    ['a token that lives longer than an access token', (f) => good(f.coordinator.id, { exp: now() + 365 * 86_400 })],
    ['a token for another audience', (f) => good(f.coordinator.id, { aud: 'another-api' })],
    ['a token without an audience', (f) => good(f.coordinator.id, { aud: undefined })],
    ['a token from another issuer', (f) => good(f.coordinator.id, { iss: 'another-issuer' })],
    ['a token without an issuer', (f) => good(f.coordinator.id, { iss: undefined })],
    ['a token of typ refresh', (f) => good(f.coordinator.id, { typ: 'refresh' })],
    ['a token without a typ', (f) => good(f.coordinator.id, { typ: undefined })],
    ['a token whose subject is not an id', () => good('admin')],
    ['a token whose subject does not exist', () => good('00000000-0000-4000-8000-000000000000')],
    // A real token, altered.
    [
      'a tampered payload (subject swapped for the admin, signature kept)',
      (f) => {
        const [header, , signature] = f.coordinator.token.split('.');
        const payload = JSON.parse(Buffer.from(f.coordinator.token.split('.')[1], 'base64url').toString()) as object;
        return `${header}.${b64({ ...payload, sub: f.admin.id })}.${signature}`;
      },
    ],
    [
      'a tampered payload (role claim added, signature kept)',
      (f) => {
        const [header, body, signature] = f.coordinator.token.split('.');
        const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as object;
        return `${header}.${b64({ ...payload, role: 'admin' })}.${signature}`;
      },
    ],
    [
      'a tampered header (alg switched to HS512, signature kept)',
      (f) => {
        const [, body, signature] = f.coordinator.token.split('.');
        return `${b64({ alg: 'HS512', typ: 'JWT' })}.${body}.${signature}`;
      },
    ],
    // Other credentials the api hands out, presented as access tokens.
    ['a refresh token (opaque)', (f) => f.coordinator.refreshToken],
    ['a calendar feed token', (f) => f.feedToken],
    ['a queue-board ticket', (f) => f.boardTicket],
    // Not a token at all.
    ['garbage', () => 'garbage'],
    ['three empty segments', () => '..'],
    ['JSON without the dots', (f) => b64(claims(f.coordinator.id))],
    ['a header that is not JSON', (f) => `${b64('not json')}.${b64(claims(f.coordinator.id))}.AAAA`],
    ['four segments', (f) => `${good(f.coordinator.id)}.AAAA`],
    ['eight kilobytes of noise', () => 'A'.repeat(8192)],
  ];

  it.each(FORGED)('refuses %s with 401 on a user route and a review route', async (_name, make) => {
    const token = await make(f);
    for (const path of ROUTES(f)) await expectRefused(path, { token });
  });

  it('refuses the tokens of a deactivated account and of a deleted one, on both routes', async () => {
    const { t, reviewId, admin } = f;
    const [inactive, deleted] = await Promise.all([t.user('Deactivated Member'), t.user('Deleted Member')]);
    for (const user of [inactive, deleted]) {
      const added = await t.post(
        `/reviews/${reviewId}/members`,
        { userId: user.id, role: 'manager' },
        f.coordinator.token,
      );
      expect(added.status).toBe(201);
      for (const path of ROUTES(f)) expect((await t.get(path, user.token)).status).toBe(200);
    }
    const version = (await t.get(`/users/${inactive.id}`, admin.token)).body.version as number;
    expect((await t.patch(`/users/${inactive.id}`, { active: false, version }, admin.token)).status).toBe(200);
    // No route deletes an account; a superuser removes this one behind the api's back.
    await t.db.query('DELETE FROM review_members WHERE user_id = $1', [deleted.id]);
    await t.db.query('DELETE FROM refresh_tokens WHERE user_id = $1', [deleted.id]);
    await t.db.query('DELETE FROM users WHERE id = $1', [deleted.id]);
    for (const user of [inactive, deleted]) {
      for (const path of ROUTES(f)) await expectRefused(path, { token: user.token });
    }
  });

  it.each<[string, (f: Fixture) => Record<string, string>]>([
    ['no Authorization header', () => ({})],
    ['"Bearer" with nothing after it', () => ({ authorization: 'Bearer' })],
    ['"Bearer" and blanks', () => ({ authorization: 'Bearer    ' })],
    ['the token without a scheme', (f) => ({ authorization: f.coordinator.token })],
    ['the token under another scheme', (f) => ({ authorization: `Token ${f.coordinator.token}` })],
    [
      'Basic credentials',
      (f) => ({ authorization: `Basic ${b64(`${f.coordinator.email}:${f.coordinator.password}`)}` }),
    ],
    ['the token in a cookie', (f) => ({ cookie: `token=${f.coordinator.token}; access_token=${f.coordinator.token}` })],
  ])('refuses %s with 401', async (_name, headers) => {
    for (const path of ROUTES(f)) await expectRefused(path, { headers: headers(f) });
  });

  it('refuses a valid access token sent in the query string', async () => {
    const token = encodeURIComponent(f.coordinator.token);
    for (const path of ROUTES(f)) {
      for (const name of ['access_token', 'token', 'jwt', 'bearer'])
        await expectRefused(`${path}?${name}=${token}`, {});
    }
  });

  it('takes a feed token in the query string on the calendar feed only, and nothing else there', async () => {
    const feed = `/reviews/${f.reviewId}/timeline.ics`;
    const ok = await f.t.request('GET', `${feed}?token=${encodeURIComponent(f.feedToken)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/text\/calendar/);
    for (const other of [f.coordinator.token, f.boardTicket, good(f.coordinator.id), 'garbage']) {
      await expectRefused(`${feed}?token=${encodeURIComponent(other)}`, {});
    }
    // As a bearer header, even on its own route, a feed token is not an access token.
    await expectRefused(feed, { token: f.feedToken });
  });

  it('opens the queue dashboard with a board ticket only, never with an access or feed token', async () => {
    // The dashboard lives outside /api/v1.
    const api = `${f.t.baseUrl}/admin/queues/api/queues`;
    const asCookie = (value: string) => fetch(api, { headers: { cookie: `vigia_board=${value}` } });
    expect((await asCookie(f.boardTicket)).status).toBe(200);
    for (const other of [f.admin.token, f.feedToken, good(f.admin.id), 'garbage']) {
      const res = await asCookie(other);
      expect(res.status).toBe(401);
      expect(await res.text()).not.toMatch(INTERNALS);
    }
    expect((await fetch(api, { headers: { authorization: `Bearer ${f.admin.token}` } })).status).toBe(401);
  });

  it('gives every refused bearer the same message, so none tells which check failed', async () => {
    const messages = new Set<string>();
    for (const [, make] of FORGED) messages.add(await expectRefused('/me', { token: await make(f) }));
    messages.add(await expectRefused('/me', {}));
    expect([...messages]).toHaveLength(1);
  });

  it('reads the account on every request: a demoted admin loses admin routes at once', async () => {
    const { t, admin } = f;
    const demoted = await t.user('Temporary Admin', 'admin');
    expect((await t.get('/users', demoted.token)).status).toBe(200);
    const version = (await t.get(`/users/${demoted.id}`, admin.token)).body.version as number;
    expect((await t.patch(`/users/${demoted.id}`, { role: 'user', version }, admin.token)).status).toBe(200);
    expect((await t.get('/users', demoted.token)).status).toBe(403);
    expect((await t.get('/me', demoted.token)).body.role).toBe('user');
  });
});
