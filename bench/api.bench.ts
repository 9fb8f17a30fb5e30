// The api under load (autocannon, 50 connections) against a bare Fastify + pg server running the same SQL on the same
// data: the findings register, the review summary, creating a finding, and signing in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabase } from './bench-database';
import { compareLoad, type LoadComparison, type LoadGoals, type LoadSample } from './harness';
import { type ServerChild, startServerChild } from './support/child-process';
import { load, type LoadRequest } from './support/load';
import { seedFindings } from './support/seed-findings';

const REVIEWS = 10;
const FINDINGS = 50_000;
const CONNECTIONS = 50;
/** API_BENCH_SECONDS shortens the rounds while working on the api; API_BENCH_ROUNDS adds rounds (never fewer than 5). */
const ROUND_SECONDS = Number(process.env.API_BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(5, Number(process.env.API_BENCH_ROUNDS ?? 5));
/** API_BENCH_ONLY=register,summary runs only those comparisons (register, summary, create, login). */
const ONLY = (process.env.API_BENCH_ONLY ?? '').split(',').filter(Boolean);
/** API_BENCH_CPU_PROFILE=<dir> has the api process write a V8 CPU profile there when it stops (for Chrome DevTools). */
const PROFILE_DIR = process.env.API_BENCH_CPU_PROFILE;
const POOL_SIZE = 10;
const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-01';

/** What both servers need to agree on: the database, the pool size and how tokens are signed. */
function serverEnv(databaseUrl: string, dataDir: string): Record<string, string | undefined> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: String(POOL_SIZE),
    JWT_ACCESS_SECRET: JWT_SECRET,
    // Long enough to outlast the run: the tokens are taken once, before the first round.
    JWT_ACCESS_TTL_SECONDS: '86400',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // The job handlers would compete with the requests for the api's core; the bench queues nothing anyway.
    QUEUE_PROCESSORS_IN_API: 'false',
    // Every connection signs in to one account, from one address, at once; both limits count attempts in flight.
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000',
    LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    // Queues on PostgreSQL: the bench needs no Redis.
    REDIS_URL: undefined,
    HOST: '127.0.0.1',
    PORT: '0',
  };
}

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The statements one request makes `server` run, first run untimed so that caches and prepared plans are warm. */
async function statementsOf(server: ServerChild, request: LoadRequest): Promise<string[]> {
  const send = () =>
    fetch(`${server.url}${request.url}`, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
    });
  await (await send()).text();
  await server.startCapture();
  const res = await send();
  await res.text();
  if (!res.ok) throw new Error(`${request.method ?? 'GET'} ${request.url}: ${res.status}`);
  return server.stopCapture();
}

const oneLine = (sql: string): string => sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

/** Statements one side runs and the other does not (as multisets, whitespace ignored); empty when the SQL is the same. */
function sqlDifference(api: string[], baseline: string[]): string[] {
  const remaining = baseline.map(oneLine);
  const onlyApi: string[] = [];
  for (const sql of api.map(oneLine)) {
    const at = remaining.indexOf(sql);
    if (at >= 0) remaining.splice(at, 1);
    else onlyApi.push(sql);
  }
  if (onlyApi.length === 0 && remaining.length === 0) return ['same SQL on both sides'];
  const short = (sql: string): string => (sql.length > 160 ? `${sql.slice(0, 157)}...` : sql);
  return [
    ...onlyApi.map((sql) => `api only:      ${short(sql)}`),
    ...remaining.map((sql) => `baseline only: ${short(sql)}`),
  ];
}

export async function run(): Promise<LoadComparison[]> {
  const db = await benchDatabase('api');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigia-bench-api-'));
  const servers: ServerChild[] = [];
  try {
    process.stdout.write(`\nSeeding ${REVIEWS} reviews and ${FINDINGS} findings...\n`);
    const seeded = await seedFindings(db.dataSource, REVIEWS, FINDINGS);
    const api = await startServerChild(
      'api-server.ts',
      serverEnv(db.url, dataDir),
      PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    );
    servers.push(api);
    const review = seeded.reviews[0];
    const login = { email: review.coordinator.email, password: seeded.password };
    const { accessToken } = await post<{ accessToken: string }>(`${api.url}/api/v1/auth/login`, login);
    const auth = { authorization: `Bearer ${accessToken}` };
    // New findings go to another review, so that the register and the summary read the same rows throughout.
    const writer = seeded.reviews[1];
    const writerToken = await post<{ accessToken: string }>(`${api.url}/api/v1/auth/login`, {
      email: writer.coordinator.email,
      password: seeded.password,
    });
    const body = JSON.stringify({
      title: 'Contrato [<id>] adjudicado sin licitación',
      focusAreaId: seeded.focusAreaIds[0],
      principleCodes: seeded.principleCodes.slice(0, 2),
      condition: 'El contrato se adjudicó directamente.',
      criteria: 'La ley exige licitación pública por encima del umbral.',
      cause: 'Falta un control previo.',
      effect: 'Riesgo de sobreprecio.',
      likelihood: 4,
      impact: 5,
    });
    const routes: Record<string, LoadRequest> = {
      register: {
        url: `/api/v1/reviews/${review.id}/findings?status=draft,in_review&rating=high,critical&limit=50`,
        headers: auth,
      },
      summary: { url: `/api/v1/reviews/${review.id}/summary`, headers: auth },
      create: {
        url: `/api/v1/reviews/${writer.id}/findings`,
        method: 'POST',
        headers: { authorization: `Bearer ${writerToken.accessToken}`, 'content-type': 'application/json' },
        body: body.replace('[<id>]', 'capture'),
      },
      login: {
        url: '/api/v1/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(login),
      },
    };
    const bare = await startServerChild('bare-server.ts', serverEnv(db.url, dataDir));
    servers.push(bare);

    const benches: { name: keyof typeof routes; title: string; goals: LoadGoals; baseline: string }[] = [
      {
        name: 'register',
        title: `GET /reviews/:id/findings (page of 50, status + rating filters; ${FINDINGS / REVIEWS} findings in the review)`,
        goals: { minThroughputRatio: 0.9, maxP99Ratio: 1.5 },
        baseline: 'bare Fastify + pg, same SQL, JWT verify',
      },
      {
        name: 'summary',
        title: 'GET /reviews/:id/summary',
        goals: { minThroughputRatio: 0.9, maxP99Ratio: 1.5 },
        baseline: 'bare Fastify + pg, same SQL, JWT verify',
      },
      {
        name: 'create',
        title: 'POST /reviews/:id/findings (with its audit row)',
        goals: { minThroughputRatio: 0.8 },
        baseline: 'bare Fastify + pg: JWT verify + the 2 INSERTs',
      },
      {
        name: 'login',
        title: 'POST /auth/login (argon2id, m=19 MiB, t=2)',
        goals: {},
        baseline: 'bare Fastify + pg: SELECT + argon2 verify + JWT sign',
      },
    ];
    // Each side's SQL for each route, before any load: what is captured then is that one request's.
    const statements = new Map<string, { api: string[]; bare: string[] }>();
    for (const bench of benches) {
      const request = routes[bench.name];
      statements.set(bench.name, { api: await statementsOf(api, request), bare: await statementsOf(bare, request) });
    }
    const results: LoadComparison[] = [];
    for (const bench of benches.filter((b) => ONLY.length === 0 || ONLY.includes(b.name))) {
      const request = routes[bench.name];
      const sql = statements.get(bench.name)!;
      process.stdout.write(
        `\n${bench.title}: the api runs ${sql.api.length} statements, the baseline ${sql.bare.length}\n`,
      );
      for (const line of sqlDifference(sql.api, sql.bare)) process.stdout.write(`  ${line}\n`);
      const loadOf = (server: ServerChild) => async (): Promise<LoadSample> => {
        const cpuBefore = await server.idle();
        const sample = await load(
          { ...request, url: `${server.url}${request.url}` },
          { connections: CONNECTIONS, durationSeconds: ROUND_SECONDS },
        );
        // Requests still in flight when autocannon stopped are finished here, and their CPU time counted: they are
        // few beside a round's answers, and the next round must not pay for them.
        const cpuMs = (await server.idle()) - cpuBefore;
        return { ...sample, cpuMsPerRequest: cpuMs / sample.requests };
      };
      results.push(
        await compareLoad(
          `${bench.title}, ${CONNECTIONS} connections, ${ROUND_SECONDS} s rounds`,
          { name: 'Vigía api', run: loadOf(api) },
          { name: bench.baseline, run: loadOf(bare) },
          { rounds: ROUNDS, goals: bench.goals },
        ),
      );
    }
    return results;
  } finally {
    for (const server of servers) await server.stop();
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
