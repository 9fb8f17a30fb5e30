// The real api serving the built web app (dist/web): the app's pages under its own content security policy, its
// hashed files cached for good, and the api, its documentation and the queue dashboard untouched by the fallback.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { WEB_CONTENT_SECURITY_POLICY } from '../../apps/api/src/web/serve-web';
import { TestApp } from '../support/test-app';
import { assertPrerequisites } from './support/browser';

const HTML = { accept: 'text/html,application/xhtml+xml' };

describe('the api serving the web app', () => {
  let t: TestApp;
  beforeAll(async () => {
    assertPrerequisites();
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  /** Reads every body: an unread one would hold its connection open and keep the app from closing. */
  const get = async (path: string, headers: Record<string, string> = {}, redirect: 'follow' | 'manual' = 'follow') => {
    const res = await fetch(`${t.baseUrl}${path}`, { headers, redirect });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };

  it('answers the bare address and any page of the app with the app, under the app’s policy', async () => {
    for (const path of ['/', '/reviews/7d0c2a52-8d5a-4c53-9a43-6c1d9a7f2b11/timeline', '/sign-in?next=%2F']) {
      const res = await get(path, HTML);
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers.get('content-security-policy')).toBe(WEB_CONTENT_SECURITY_POLICY);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.body).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    }
  });

  it('serves the built files with immutable caching', async () => {
    const script = readdirSync(join(process.cwd(), 'dist', 'web', 'assets')).find((f) => /^index-.*\.js$/.test(f))!;
    const res = await get(`/assets/${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('keeps the api’s own answers: its errors, its documentation and the queue dashboard', async () => {
    const missing = await get('/api/v1/no-such-route', HTML);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ statusCode: 404, requestId: expect.any(String) });
    expect((await get('/api/v1/health')).status).toBe(200);
    const docs = await get('/api/docs', HTML);
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger');
    const board = await get('/admin/queues', HTML, 'manual');
    expect(board.status).toBe(302);
    expect(board.headers.get('location')).toBe('/admin/queues/login');
    // A script or an image that does not exist is a 404, not the app's page.
    expect((await get('/assets/index-missing.js', { accept: '*/*' })).status).toBe(404);
  });
});
