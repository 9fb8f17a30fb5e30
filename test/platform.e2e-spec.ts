import { TestApp } from './support/test-app';

describe('platform: errors, validation, docs, health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start({ BODY_LIMIT_BYTES: '65536' });
  });
  afterAll(() => t.close());

  it('answers health with 200 and the database status', async () => {
    const res = await t.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', queue: 'up' });
  });

  it('gives every error the same shape with a request id', async () => {
    const res = await t.get('/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect(typeof res.body.message).toBe('string');
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('keeps a sane caller request id and replaces an unsafe one', async () => {
    const kept = await t.request('GET', '/health', { headers: { 'x-request-id': 'trace-abc_123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-abc_123');
    const replaced = await t.request('GET', '/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses unknown fields with 400 and field-level details, creating nothing', async () => {
    const admin = await t.admin();
    const res = await t.post(
      '/institutions',
      { name: 'X', acronym: 'X', jurisdiction: 'federal', country: 'MX', isAdmin: true },
      admin.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'isAdmin' })]));
    const { rows } = await t.db.query('SELECT count(*)::int AS n FROM institutions');
    expect(rows[0].n).toBe(0);
  });

  it('answers malformed JSON with 400 and a body over the limit with 413', async () => {
    const admin = await t.admin();
    const bad = await t.request('POST', '/institutions', {
      token: admin.token,
      raw: '{"name": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.statusCode).toBe(400);
    const big = await t.request('POST', '/institutions', {
      token: admin.token,
      raw: JSON.stringify({ name: 'x'.repeat(70_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('refuses prototype-pollution keys in a body', async () => {
    const admin = await t.admin();
    const res = await t.request('POST', '/institutions', {
      token: admin.token,
      raw: '{"name":"X","acronym":"X","jurisdiction":"federal","country":"MX","__proto__":{"role":"admin"}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
  });

  it('caps page sizes at 200 and rejects a forged cursor', async () => {
    const admin = await t.admin();
    expect((await t.get('/users?limit=201', admin.token)).status).toBe(400);
    expect((await t.get('/users?limit=0', admin.token)).status).toBe(400);
    expect((await t.get('/users?limit=200', admin.token)).status).toBe(200);
    const forged = await t.get('/users?cursor=bm90LWpzb24', admin.token);
    expect(forged.status).toBe(400);
  });

  it('publishes the OpenAPI document and Swagger UI', async () => {
    const doc = await t.request('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/reviews/{id}', '/api/v1/audit-events/verify']),
    );
    // Error answers are documented with the one error shape.
    expect(doc.body.components.schemas.ErrorDto.properties).toHaveProperty('requestId');
    const loginErrors = doc.body.paths['/api/v1/auth/login'].post.responses;
    expect(loginErrors['401'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorDto');
    const ui = await t.request('GET', '/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
  });

  it('serves a visitor of the bare address a web page: the app, or a note linking the API documentation', async () => {
    const res = await fetch(`${t.baseUrl}/`, { redirect: 'manual', headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html.includes('<div id="root"') || html.includes('/api/docs')).toBe(true);
  });

  it('sends security headers', async () => {
    const res = await t.get('/health');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('answers 503 while the database refuses connections, and recovers by itself', async () => {
    await t.server.query(`ALTER DATABASE ${t.databaseName} WITH ALLOW_CONNECTIONS false`);
    await t.server.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND application_name = 'vigia'`,
      [t.databaseName],
    );
    try {
      const down = await t.get('/health');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ statusCode: 503 });
    } finally {
      await t.server.query(`ALTER DATABASE ${t.databaseName} WITH ALLOW_CONNECTIONS true`);
    }
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await t.get('/health')).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });
});
