// Bull Board at /admin/queues for admins: a browser page, so it is opened with an HttpOnly ticket cookie (from the
// sign-in form here or POST /api/v1/admin/queues/session), never a bearer header.
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import formbody from '@fastify/formbody';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService, TokenService } from '@vigia/auth';
import { DomainException, ERROR_STATUS } from '@vigia/common';
import { QueueName, QueueService } from '@vigia/queue';
import type { FastifyReply, FastifyRequest } from 'fastify';
import escapeHtml from 'escape-html';
import { DataSource } from 'typeorm';
import { BOARD_COOKIE, BOARD_PATH, boardCookieOptions } from './board-cookie';

const PUBLIC_PATHS = new Set([`${BOARD_PATH}/login`, `${BOARD_PATH}/logout`]);

function loginPage(message?: string): string {
  const note = message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigía · queue dashboard</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f6f8; color: #1b2430; display: grid; place-items: center; min-height: 100vh; margin: 0; }
  form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgb(0 0 0 / 15%); width: min(22rem, 90vw); }
  h1 { font-size: 1.25rem; margin-top: 0; } label { display: block; margin: 1rem 0 .25rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; border: 1px solid #8a96a3; border-radius: 4px; }
  button { margin-top: 1.5rem; width: 100%; padding: .6rem; font-size: 1rem; background: #0b5cad; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .error { color: #a1111b; }
</style></head>
<body><form method="post" action="${BOARD_PATH}/login">
  <h1>Queue dashboard</h1><p>Administrators only.</p>${note}
  <label for="email">E-mail</label><input id="email" name="email" type="email" autocomplete="username" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form></body></html>`;
}

/** The ticket's user, when the ticket is valid and the account is still an active admin. */
async function boardUser(request: FastifyRequest, tokens: TokenService, dataSource: DataSource): Promise<boolean> {
  const ticket = request.cookies?.[BOARD_COOKIE];
  if (!ticket) return false;
  const userId = await tokens.verifyBoardTicket(ticket);
  if (!userId) return false;
  const rows = await dataSource.query<{ ok: boolean }[]>(
    `SELECT true AS ok FROM users WHERE id = $1 AND active AND role = 'admin'`,
    [userId],
  );
  return rows.length === 1;
}

export async function registerQueueBoard(app: NestFastifyApplication): Promise<void> {
  const queues = app.get(QueueService);
  const tokens = app.get(TokenService);
  const auth = app.get(AuthService);
  const dataSource = app.get(DataSource);

  const board = new BoardAdapter();
  board.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(queues.queue(name))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Vigía queues' } },
  });

  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(
    async (scope) => {
      await scope.register(formbody);

      scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
        const path = request.url.split('?')[0].replace(/\/+$/, '');
        if (PUBLIC_PATHS.has(path)) return;
        if (await boardUser(request, tokens, dataSource)) return;
        // The page itself sends the browser to the sign-in form; its API calls get a plain 401.
        if (request.method === 'GET' && !path.startsWith(`${BOARD_PATH}/api`)) {
          return reply.redirect(`${BOARD_PATH}/login`);
        }
        return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'Sign in as an admin' });
      });

      scope.get('/login', (_request, reply) => reply.type('text/html; charset=utf-8').send(loginPage()));

      scope.post('/login', async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
        const password = typeof body.password === 'string' ? body.password : '';
        const page = (status: number, message: string) =>
          reply.code(status).type('text/html; charset=utf-8').send(loginPage(message));
        if (!email || !password) return page(400, 'Enter your e-mail and password.');
        try {
          const user = await auth.verifyCredentials({ email, password }, request.ip);
          if (user.role !== 'admin') return page(403, 'Only administrators may open the queue dashboard.');
          void reply.setCookie(BOARD_COOKIE, await tokens.issueBoardTicket(user.id), boardCookieOptions(request));
          return reply.redirect(BOARD_PATH);
        } catch (err) {
          if (err instanceof DomainException) return page(ERROR_STATUS[err.code], err.message);
          throw err;
        }
      });

      scope.post('/logout', (request, reply) => {
        void reply.clearCookie(BOARD_COOKIE, boardCookieOptions(request));
        return reply.redirect(`${BOARD_PATH}/login`);
      });

      await scope.register(board.registerPlugin());
    },
    { prefix: BOARD_PATH },
  );
}
