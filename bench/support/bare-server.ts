// Child process of the api benchmark: the baseline, a bare Fastify + pg server answering the benchmarked routes with the
// SQL the api runs for them (api.bench.ts captures both sides' statements and prints any difference) and nothing else:
// no Nest, no validation, no logging, no security headers. Its auth is a JWT check (HS256 signature, issuer, audience
// and expiry, with the api's secret), then the api guard's three statements on the routes that read.
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createSecretKey, randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { serveParent } from './child-control';

const env = process.env;
const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 10) });
// A key object, not the string: given a string, jsonwebtoken first tries to parse it as a PEM public key, and that
// failed parse costs more than the rest of a verify (about 0.8 ms against 0.02 ms here).
const jwt = new JwtService({ secret: createSecretKey(Buffer.from(env.JWT_ACCESS_SECRET ?? '')) });
const TOKEN = { issuer: 'vigia', audience: 'vigia-api' };

// The api guard's statements: the account behind the token, the review, the caller's membership.
const USER_BY_ID = `SELECT "User"."id" AS "User_id", "User"."email" AS "User_email", "User"."name" AS "User_name", "User"."role" AS "User_role", "User"."active" AS "User_active" FROM "users" "User" WHERE (("User"."id" = $1)) LIMIT 1`;
const REVIEW = `SELECT id AS review_id FROM reviews WHERE id = $1`;
const MEMBERSHIPS = `SELECT review_id, role FROM review_members WHERE user_id = $1 AND review_id = ANY($2::uuid[])`;

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
  const { rows: users } = await pool.query<{ User_id: string; User_name: string; User_active: boolean }>(USER_BY_ID, [
    sub,
  ]);
  if (!users[0]?.User_active) {
    void reply.code(401).send({ error: 'unauthorized' });
    return null;
  }
  const { rows: reviews } = await pool.query<{ review_id: string }>(REVIEW, [request.params.id]);
  const { rows: roles } = await pool.query(MEMBERSHIPS, [sub, reviews.map((r) => r.review_id)]);
  if (roles.length === 0) {
    void reply.code(404).send({ error: 'not found' });
    return null;
  }
  return { id: sub, name: users[0].User_name };
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

const SUMMARY_COUNTS = `SELECT to_jsonb(f) AS findings, to_jsonb(rec) AS recommendations, to_jsonb(d) AS deliverables, to_jsonb(m) AS milestones FROM (SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'draft')::int AS "draft", count(*) FILTER (WHERE status = 'in_review')::int AS "in_review", count(*) FILTER (WHERE status = 'approved')::int AS "approved", count(*) FILTER (WHERE rating = 'low')::int AS "low", count(*) FILTER (WHERE rating = 'medium')::int AS "medium", count(*) FILTER (WHERE rating = 'high')::int AS "high", count(*) FILTER (WHERE rating = 'critical')::int AS "critical" FROM findings WHERE review_id = $1) f, (SELECT count(*)::int AS total, count(*) FILTER (WHERE s = 'not_started')::int AS "not_started", count(*) FILTER (WHERE s = 'in_progress')::int AS "in_progress", count(*) FILTER (WHERE s = 'partially_implemented')::int AS "partially_implemented", count(*) FILTER (WHERE s = 'implemented')::int AS "implemented", count(*) FILTER (WHERE s = 'not_implemented')::int AS "not_implemented", count(*) FILTER (WHERE target_on < $2::date AND s <> 'implemented')::int AS overdue, (count(*) FILTER (WHERE s = 'implemented') + 0.5 * count(*) FILTER (WHERE s = 'partially_implemented'))::float8 AS "weightedImplemented" FROM (SELECT r.target_on, coalesce(latest.status, 'not_started') AS s FROM recommendations r LEFT JOIN LATERAL ( SELECT fu.status, fu."on" FROM follow_ups fu WHERE fu.recommendation_id = r.id ORDER BY fu."on" DESC, fu.created_at DESC, fu.id DESC LIMIT 1 ) latest ON true WHERE r.review_id = $1) latest_status) rec, (SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'planned')::int AS "planned", count(*) FILTER (WHERE status = 'in_progress')::int AS "in_progress", count(*) FILTER (WHERE status = 'in_review')::int AS "in_review", count(*) FILTER (WHERE status = 'delivered')::int AS "delivered", count(*) FILTER (WHERE status = 'cancelled')::int AS "cancelled" FROM deliverables WHERE review_id = $1) d, (SELECT count(*)::int AS total, count(actual_on)::int AS achieved FROM milestones WHERE review_id = $1) m`;
const SUMMARY_FOCUS_AREAS = `SELECT fa.id AS "focusAreaId", fa.code, CASE $2::text WHEN 'es' THEN fa.name_es WHEN 'fr' THEN fa.name_fr ELSE fa.name_en END AS name, coalesce(c."low", 0)::int AS "low", coalesce(c."medium", 0)::int AS "medium", coalesce(c."high", 0)::int AS "high", coalesce(c."critical", 0)::int AS "critical", coalesce(c.total, 0)::int AS total FROM focus_areas fa LEFT JOIN ( SELECT focus_area_id, count(*) AS total, count(*) FILTER (WHERE rating = 'low')::int AS "low", count(*) FILTER (WHERE rating = 'medium')::int AS "medium", count(*) FILTER (WHERE rating = 'high')::int AS "high", count(*) FILTER (WHERE rating = 'critical')::int AS "critical" FROM findings WHERE review_id = $1 GROUP BY focus_area_id ) c ON c.focus_area_id = fa.id WHERE c.focus_area_id IS NOT NULL OR fa.id = ANY ((SELECT focus_area_ids FROM reviews WHERE id = $1)::uuid[]) ORDER BY fa.position, fa.id`;
const SUMMARY_PRINCIPLES = `SELECT p.code, CASE $2::text WHEN 'es' THEN p.name_es WHEN 'fr' THEN p.name_fr ELSE p.name_en END AS name, coalesce(c.count, 0)::int AS count FROM principles p LEFT JOIN (SELECT cited.code, count(*) AS count FROM findings f CROSS JOIN LATERAL (SELECT DISTINCT code FROM unnest(f.principle_codes) AS code) cited WHERE f.review_id = $1 GROUP BY cited.code) c ON c.code = p.code ORDER BY p.position, p.code`;
const SUMMARY_DELIVERABLES = `SELECT id, title, due_on::text AS "dueOn", status, ($2::date - due_on)::int AS "daysLate" FROM deliverables WHERE review_id = $1 AND status IN ('planned', 'in_progress', 'in_review') AND due_on < $2::date ORDER BY due_on, id`;
const SUMMARY_MILESTONES = `SELECT id, title, planned_on::text AS "plannedOn", precision FROM milestones WHERE review_id = $1 AND actual_on IS NULL AND planned_on < $2::date ORDER BY planned_on, id`;

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
  return inTransaction(
    ['START TRANSACTION', 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ', 'SET TRANSACTION READ ONLY'],
    async (client) => {
      const counts = (await client.query(SUMMARY_COUNTS, [reviewId, today])).rows[0];
      const byFocusArea = (await client.query(SUMMARY_FOCUS_AREAS, [reviewId, locale])).rows;
      const byPrinciple = (await client.query(SUMMARY_PRINCIPLES, [reviewId, locale])).rows;
      const overdue = (await client.query(SUMMARY_DELIVERABLES, [reviewId, today])).rows;
      const late = (await client.query(SUMMARY_MILESTONES, [reviewId, today])).rows;
      return { reviewId, asOf: today, counts, byFocusArea, byPrinciple, overdue, late };
    },
  );
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
