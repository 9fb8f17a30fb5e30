// The web app at /: its pages, its cached files, and the paths it must leave to the api and the dashboard.
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveWebApp, WEB_CONTENT_SECURITY_POLICY } from './serve-web';

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('serving the web app', () => {
  let dir: string;
  let app: FastifyInstance;

  /** A built app as vite lays it out, and an api route beside it, as in the real server. */
  const start = async (built: boolean): Promise<FastifyInstance> => {
    dir = mkdtempSync(join(tmpdir(), 'vigia-web-'));
    if (built) {
      mkdirSync(join(dir, 'assets'));
      writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Vigía</title><div id="root"></div>');
      writeFileSync(join(dir, 'assets', 'index-Ab12Cd.js'), 'console.log(1)');
      writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    }
    const fastify = Fastify();
    fastify.get('/api/v1/health', () => ({ status: 'ok' }));
    fastify.get('/admin/queues', () => 'board');
    await serveWebApp(fastify, dir);
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    return fastify;
  };

  /** Over a real socket: fastify's inject loads an ES module jest cannot require. */
  const get = async (url: string, headers: Record<string, string> = {}, method = 'GET') => {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}${url}`, { method, headers });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every page of the app with index.html under its own content security policy, never cached', async () => {
    app = await start(true);
    for (const url of ['/', '/reviews/0b7f/findings?rating=high', '/sign-in', '/index.html']) {
      const res = await get(url, HTML);
      expect([url, res.status]).toEqual([url, 200]);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toBe(WEB_CONTENT_SECURITY_POLICY);
    }
    // The policy allows the app's own files and nothing inline.
    expect(WEB_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(WEB_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });

  it('caches hashed assets for good and other files not at all', async () => {
    app = await start(true);
    const script = await get('/assets/index-Ab12Cd.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('leaves the api, the queue dashboard and requests for anything but a page to their own answers', async () => {
    app = await start(true);
    expect((await get('/api/v1/health', HTML)).body).toBe('{"status":"ok"}');
    expect((await get('/admin/queues', HTML)).body).toBe('board');
    for (const [url, headers] of [
      ['/api/v1/no-such-route', HTML],
      ['/api', HTML],
      ['/admin/queues/no-such-page', HTML],
      ['/assets/index-Missing.js', { accept: '*/*' }],
      ['/reviews/0b7f', { accept: 'application/json' }],
    ] as const) {
      const res = await get(url, headers);
      expect([url, res.status]).toEqual([url, 404]);
      expect(res.body).not.toContain('<div id="root">');
    }
    expect((await get('/reviews', HTML, 'POST')).status).toBe(404);
  });

  it('says the app was not built, and links the API documentation, when dist/web is missing', async () => {
    app = await start(false);
    const res = await get('/', HTML);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.body).toContain('has not been built');
    expect(res.body).toContain('href="/api/docs"');
    expect((await get('/api/v1/health')).status).toBe(200);
  });
});
