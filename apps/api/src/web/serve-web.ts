// Serves the web app built into dist/web at /: hashed assets cached for good, index.html for every page of the app.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where `vite build` writes the app (apps/web/vite.config.ts); the api runs from the repository's root. */
export const WEB_DIST_DIR = join(process.cwd(), 'dist', 'web');

/** Paths that belong to the api and the queue dashboard: never answered with the app's page. */
const SERVER_PATHS = /^\/(api|admin\/queues)(\/|$)/;

/**
 * Exactly what the built app uses: its own scripts, styles and API, nothing inline (React sets styles through the
 * DOM, which CSP does not restrict), no plugins, no framing. It replaces the api's broader policy (Swagger UI and the
 * queue dashboard need inline scripts) on the app's page only.
 */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigía</title></head>
<body><main>
  <h1>Vigía</h1>
  <p>The web app has not been built, so there is nothing to show here yet. Build it with <code>npm run build</code>
  (<code>npm start</code> does it for you), or work with the API through its documentation.</p>
  <p><a href="/api/docs">Open the API documentation</a></p>
</main></body></html>`;

/** Hashed file names change with their content, so they never need to be asked for again. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function acceptsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export async function serveWebApp(fastify: FastifyInstance, dir: string = WEB_DIST_DIR): Promise<void> {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) {
    // Someone started the api without building the app: say so, rather than a bare 404.
    fastify.get('/', (_request: FastifyRequest, reply: FastifyReply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT_PAGE),
    );
    return;
  }
  const page = readFileSync(indexFile);

  // One route per built file (no wildcard), so any other path reaches the page handler below.
  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    wildcard: false,
    index: false,
    globIgnore: ['index.html'],
    cacheControl: false,
    setHeaders: (reply: FastifyReply, path: string) => {
      void reply.header('cache-control', path.startsWith(join(dir, 'assets')) ? IMMUTABLE : 'no-cache');
    },
  });

  // The app routes in the browser: a reload or a shared link of any of its pages gets index.html. Requests for the
  // api, the dashboard or anything but a page (a script, JSON) get the usual 404.
  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (SERVER_PATHS.test(path) || !acceptsHtml(request)) return reply.callNotFound();
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_CONTENT_SECURITY_POLICY)
      .send(page);
  };
  fastify.get('/', sendPage);
  fastify.get('/*', sendPage);
}
