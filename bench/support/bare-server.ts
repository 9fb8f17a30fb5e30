// Child process of the api benchmark: the baseline, a bare Fastify + pg server answering the benchmarked routes with the
// SQL the api runs for them (api.bench.ts captures both sides' statements and prints any difference) and nothing else:
// no Nest, no validation, no logging, no security headers. Its auth is a JWT check (HS256 signature, issuer, audience
// and expiry, with the api's secret), then the api guard's statement on the routes that read.
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createSecretKey, randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
// The summary's one statement, taken from the api rather than copied: it is long, and built from the code's enums.
import { SUMMARY_SQL } from '../../libs/findings/src/recommendations/summary.service';
import { serveParent } from './child-control';

const env = process.env;
const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 10) });
// A key object, not the string: given a string, jsonwebtoken first tries to parse it as a PEM public key, and that
// failed parse costs more than the rest of a verify (about 0.8 ms against 0.02 ms here).
const jwt = new JwtService({ secret: createSecretKey(Buffer.from(env.JWT_ACCESS_SECRET ?? '')) });
const TOKEN = { issuer: 'vigia', audience: 'vigia-api' };

// The api guard's statement for a review route: the account behind the token, the review, the caller's membership.
const ACCESS = `SELECT u.id, u.email, u.name, u.role, u.active, c.review_id, m.role AS member_role
  FROM users u
  LEFT JOIN (SELECT t.id AS review_id, 0 AS rank FROM reviews t WHERE t.id = $2) c ON true
  LEFT JOIN review_members m ON m.review_id = c.review_id AND m.user_id = u.id
  WHERE u.id = $1
  ORDER BY c.rank, c.review_id`;

interface Caller {
  id: string;
  name: string;
}

/** The token's subject, or a 401 sent. */
function tokenSubject(request: FastifyRequest, reply: FastifyReply): string | null {
  const header = request.headers.authorization ?? '';
  try {
    const payload = jwt.verify<{ sub: string }>(header.slice('Bearer '.length), { ...TOKEN, algorithms: ['HS256'] });
    return payload.sub;
  } catch {
    void reply.code(401).send({ error: 'unauthorized' });
    return null;
  }
}

/** The api guard's work for a review route, by the same statements; null when a 401/404 was sent. */
async function member(
  request: FastifyRequest<{ Params: { id: string } }>,
  reply: FastifyReply,
): Promise<Caller | null> {
  const sub = tokenSubject(request, reply);
  if (!sub) return null;
  const { rows } = await pool.query<{ name: string; active: boolean; review_id: string | null; member_role: string }>(
    ACCESS,
    [sub, request.params.id],
  );
  if (!rows[0]?.active) {
    void reply.code(401).send({ error: 'unauthorized' });
    return null;
  }
  if (!rows.some((r) => r.review_id !== null && r.member_role !== null)) {
    void reply.code(404).send({ error: 'not found' });
    return null;
  }
  return { id: sub, name: rows[0].name };
}

const list = (value: unknown): string[] => (typeof value === 'string' && value ? value.split(',') : []);

async function register(
  request: FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string> }>,
  reply: FastifyReply,
) {
  if (!(await member(request, reply))) return;
  const params: unknown[] = [request.params.id];
  const where = ['"f"."review_id" = $1'];
  const inList = (column: string, values: string[]): void => {
    if (values.length === 0) return;
    where.push(`${column} IN (${values.map((v) => `$${params.push(v)}`).join(', ')})`);
  };
  if (request.query.focusAreaId) where.push(`"f"."focus_area_id" = $${params.push(request.query.focusAreaId)}`);
  inList('"f"."rating"', list(request.query.rating));
  inList('"f"."status"', list(request.query.status));
  const limit = Number(request.query.limit ?? 50);
  const { rows } = await pool.query(
    `SELECT "f"."id" AS "id", "f"."review_id" AS "reviewId", "f"."title" AS "title", "f"."focus_area_id" AS "focusAreaId", "f"."principle_codes" AS "principleCodes", "f"."condition" AS "condition", "f"."criteria" AS "criteria", "f"."cause" AS "cause", "f"."effect" AS "effect", "f"."likelihood" AS "likelihood", "f"."impact" AS "impact", "f"."rating" AS "rating", "f"."status" AS "status", "f"."author_id" AS "authorId", "author"."name" AS "authorName", "f"."approved_at" AS "approvedAt", "f"."approved_by_id" AS "approvedById", "f"."version" AS "version", "f"."created_at" AS "createdAt", "f"."updated_at" AS "updatedAt" FROM "findings" "f" INNER JOIN "users" "author" ON "author"."id"="f"."author_id" WHERE ${where.join(' AND ')} ORDER BY "f"."created_at" DESC, "f"."id" DESC LIMIT ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1] as { createdAt: Date; id: string } | undefined;
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url')
      : null;
  return { items, nextCursor };
}

/** Runs `work` in a transaction opened with `begin`, on one client of the pool. */
async function inTransaction<T>(begin: string[], work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    for (const statement of begin) await client.query(statement);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

async function summary(
  request: FastifyRequest<{ Params: { id: string }; Querystring: { locale?: string } }>,
  reply: FastifyReply,
) {
  if (!(await member(request, reply))) return;
  const reviewId = request.params.id;
  const locale = request.query.locale ?? 'en';
  const today = new Date().toISOString().slice(0, 10);
  const { rows } = await pool.query(SUMMARY_SQL, [reviewId, today, locale]);
  return { reviewId, asOf: today, ...rows[0] };
}

const INSERT_FINDING = `INSERT INTO "findings"("id", "created_at", "updated_at", "version", "review_id", "focus_area_id", "principle_codes", "title", "condition", "criteria", "cause", "effect", "likelihood", "impact", "status", "author_id", "approved_at", "approved_by_id") VALUES (DEFAULT, DEFAULT, DEFAULT, 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING "id", "created_at", "updated_at", "version", "rating", "status"`;
const INSERT_AUDIT = `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, review_id, before, after) VALUES ($1, $2, $3, $4, $5, $6, $7)`;

interface FindingBody {
  title: string;
  focusAreaId: string;
  principleCodes: string[];
  condition: string;
  criteria: string;
  cause: string;
  effect: string;
  likelihood: number;
  impact: number;
}

/** The finding's INSERT and its audit row's, in one transaction; the caller is the token's subject. */
async function createFinding(
  request: FastifyRequest<{ Params: { id: string }; Body: FindingBody }>,
  reply: FastifyReply,
) {
  const sub = tokenSubject(request, reply);
  if (!sub) return;
  const b = request.body;
  const reviewId = request.params.id;
  const finding = await inTransaction(['START TRANSACTION'], async (client) => {
    const { rows } = await client.query(INSERT_FINDING, [
      reviewId,
      b.focusAreaId,
      b.principleCodes,
      b.title,
      b.condition,
      b.criteria,
      b.cause,
      b.effect,
      b.likelihood,
      b.impact,
      'draft',
      sub,
      null,
      null,
    ]);
    const row = { ...b, reviewId, status: 'draft', authorId: sub, approvedAt: null, approvedById: null, ...rows[0] };
    await client.query(INSERT_AUDIT, [sub, 'insert', 'finding', row.id, reviewId, null, JSON.stringify(row)]);
    return row;
  });
  return reply.code(201).send({ ...finding, history: [] });
}

const USER_BY_EMAIL = `SELECT "User"."id" AS "User_id", "User"."created_at" AS "User_created_at", "User"."updated_at" AS "User_updated_at", "User"."version" AS "User_version", "User"."email" AS "User_email", "User"."name" AS "User_name", "User"."role" AS "User_role", "User"."password_hash" AS "User_password_hash", "User"."active" AS "User_active", "User"."locale" AS "User_locale" FROM "users" "User" WHERE (("User"."email" = $1)) LIMIT 1`;

/** The account's SELECT, argon2 verify, and an access token signed as the api signs it; no refresh token. */
async function login(request: FastifyRequest<{ Body: { email: string; password: string } }>, reply: FastifyReply) {
  const { rows } = await pool.query<Record<string, string>>(USER_BY_EMAIL, [request.body.email.trim().toLowerCase()]);
  const user = rows[0];
  if (!user || !(await argon2.verify(user.User_password_hash, request.body.password))) {
    return reply.code(401).send({ error: 'unauthorized' });
  }
  const accessToken = await jwt.signAsync(
    { sub: user.User_id, typ: 'access' },
    { ...TOKEN, algorithm: 'HS256', expiresIn: Number(env.JWT_ACCESS_TTL_SECONDS ?? 900), jwtid: randomUUID() },
  );
  return {
    accessToken,
    user: { id: user.User_id, email: user.User_email, name: user.User_name, role: user.User_role },
  };
}

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/api/v1/reviews/:id/findings', register);
  app.get('/api/v1/reviews/:id/summary', summary);
  app.post('/api/v1/reviews/:id/findings', createFinding);
  app.post('/api/v1/auth/login', login);
  await app.listen({ port: 0, host: '127.0.0.1' });
  serveParent(app.server);
  process.once('SIGTERM', () => {
    void app
      .close()
      .then(() => pool.end())
      .finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench bare server failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
