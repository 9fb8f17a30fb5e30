// The api's latency while reports render: p99 of GET /api/v1/health under load with nothing rendering, against the
// same while 10 full PDF reports of a 500-finding review render in the api's own job processors (as `npm start` runs).
//
// The api runs in a child process (this file, started with `--child`), so that it has its event loop to itself and
// autocannon's work in this process does not count as the api's.
import { loadConfig } from '@vigia/config';
import type { FindingLine } from '@vigia/reports';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../apps/api/src/bootstrap';
import { reportFixture } from '../libs/reports/src/render/testing/report-fixtures';
import { benchDatabase, type BenchDatabase } from './bench-database';
import { type Comparison, median, print } from './harness';

const FINDINGS = 500;
const REPORTS = 10;
const ROUNDS = 5;
const CONNECTIONS = 10;
/** How long the quiet side of a round loads the api. */
const QUIET_SECONDS = 4;
const ADMIN_EMAIL = 'bench-admin@bench.vigia';
const ADMIN_PASSWORD = 'bench-admin-password-123';

/** The part of autocannon 9's API used here (the package ships no types). */
interface LoadResult {
  latency: { p50: number; p99: number; max: number };
  requests: { total: number };
  non2xx: number;
  errors: number;
}
interface LoadRun extends PromiseLike<LoadResult> {
  stop(): void;
}
type Autocannon = (options: { url: string; connections: number; duration: number }) => LoadRun;
const autocannon = createRequire(__filename)('autocannon') as Autocannon;

interface Api {
  url: string;
  child: ChildProcess;
}

/** The api in a child process on the bench database, its job processors on (the default). */
async function startApi(db: BenchDatabase, dataDir: string): Promise<Api> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', __filename, '--child'],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        JWT_ACCESS_SECRET: 'bench-secret-bench-secret-bench-secret-01',
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const exited = (code: number | null) =>
      reject(new Error(`the bench api exited with code ${code} before listening`));
    child.once('exit', exited);
    child.once('message', (message: { port: number }) => {
      child.off('exit', exited);
      resolve(message.port);
    });
  });
  return { url: `http://127.0.0.1:${port}/api/v1`, child };
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(api: Api, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new HttpError(res.status, `${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const login = async (api: Api, email: string, password: string): Promise<string> =>
  (await call<{ accessToken: string }>(api, 'POST', '/auth/login', { email, password })).accessToken;

/** A review with the fixture's 500 findings (recommendations, follow-ups), and a coordinator who may request reports. */
async function seed(api: Api, db: BenchDatabase): Promise<{ reviewId: string; token: string }> {
  const admin = await login(api, ADMIN_EMAIL, ADMIN_PASSWORD);
  const email = 'coordinator@bench.vigia';
  const password = 'coordinator-password-123';
  const user = await call<{ id: string }>(
    api,
    'POST',
    '/users',
    { email, password, name: 'Coordinator', role: 'user' },
    admin,
  );
  const institution = await call<{ id: string }>(
    api,
    'POST',
    '/institutions',
    {
      name: 'Instituto de Seguridad y Servicios Sociales',
      acronym: 'ISSSTESON',
      jurisdiction: 'state',
      state: 'Sonora',
      country: 'MX',
    },
    admin,
  );
  const token = await login(api, email, password);
  const review = await call<{ id: string }>(
    api,
    'POST',
    '/reviews',
    { title: 'Revisión de las compras públicas del ISSSTESON', institutionId: institution.id },
    token,
  );
  const findings: FindingLine[] = reportFixture('full', 'es', { findings: FINDINGS }).findings;
  await db.dataSource.transaction(async (m) => {
    const areas = new Map<string, string>(
      (await m.query<{ id: string; code: string }[]>('SELECT id, code FROM focus_areas')).map((a) => [a.code, a.id]),
    );
    await m.query('UPDATE reviews SET focus_area_ids = $2::uuid[] WHERE id = $1', [review.id, [...areas.values()]]);
    for (const f of findings) {
      const [{ id: findingId }] = await m.query<{ id: string }[]>(
        `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
           likelihood, impact, status, author_id, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id`,
        [
          review.id,
          areas.get(f.focusArea.code),
          f.principles.map((p) => p.code),
          f.title,
          f.condition,
          f.criteria,
          f.cause,
          f.effect,
          f.likelihood,
          f.impact,
          f.status,
          user.id,
        ],
      );
      for (const r of f.recommendations) {
        const [{ id: recommendationId }] = await m.query<{ id: string }[]>(
          `INSERT INTO recommendations (finding_id, review_id, text, priority, responsible_unit, target_on, version)
           VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`,
          [findingId, review.id, r.text, r.priority, r.responsibleUnit, r.targetOn],
        );
        for (const u of r.followUps) {
          await m.query(
            `INSERT INTO follow_ups (recommendation_id, review_id, status, note, "on", by_id) VALUES ($1, $2, $3, $4, $5, $6)`,
            [recommendationId, review.id, u.status, u.note, u.on, user.id],
          );
        }
      }
    }
  });
  return { reviewId: review.id, token };
}

interface Round {
  /** The api's longest event-loop delay in the round. */
  stallMs: number;
  p99: number;
  max: number;
  requests: number;
  /** Answers other than 2xx (a 503 when the database ping timed out behind a stalled event loop) and failures. */
  failed: number;
  /** Loaded side only: from the first request to the last report done. */
  renderMs?: number;
  /** Loaded side only: report requests refused with 503 (the queue looked down from a stalled api) and sent again. */
  refused?: number;
}

/** The api's longest event-loop stall since the last ask, in ms, as the child measures it. */
function longestStall(api: Api): Promise<number> {
  return new Promise((resolve) => {
    api.child.once('message', (message: { stallMs: number }) => resolve(message.stallMs));
    api.child.send('stall');
  });
}

async function load(api: Api, until: () => Promise<unknown>): Promise<LoadResult & { stallMs: number }> {
  await longestStall(api);
  const run = autocannon({ url: `${api.url}/health`, connections: CONNECTIONS, duration: 600 });
  await until();
  run.stop();
  const result = await run;
  return { ...result, stallMs: await longestStall(api) };
}

const roundOf = (result: LoadResult & { stallMs: number }, renderMs?: number, refused?: number): Round => ({
  stallMs: result.stallMs,
  p99: result.latency.p99,
  max: result.latency.max,
  requests: result.requests.total,
  failed: result.non2xx + result.errors,
  renderMs,
  refused,
});

async function quietRound(api: Api): Promise<Round> {
  const result = await load(api, () => new Promise((resolve) => setTimeout(resolve, QUIET_SECONDS * 1000)));
  return roundOf(result);
}

async function renderingRound(api: Api, db: BenchDatabase, reviewId: string, token: string): Promise<Round> {
  const started = performance.now();
  const ids: string[] = [];
  let renderMs = 0;
  let refused = 0;
  const request = async (): Promise<string> => {
    for (;;) {
      try {
        const body = { kind: 'full', format: 'pdf', locale: 'es' };
        return (await call<{ id: string }>(api, 'POST', `/reviews/${reviewId}/reports`, body, token)).id;
      } catch (err) {
        if (!(err instanceof HttpError) || err.status !== 503 || refused >= 100) throw err;
        refused += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  const result = await load(api, async () => {
    for (let i = 0; i < REPORTS; i += 1) ids.push(await request());
    for (;;) {
      const [{ open, failed }] = await db.dataSource.query<{ open: number; failed: number }[]>(
        `SELECT count(*) FILTER (WHERE status IN ('queued', 'running'))::int AS open,
                count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM reports WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      if (failed > 0) throw new Error(`${failed} report(s) failed`);
      if (open === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    renderMs = performance.now() - started;
  });
  return roundOf(result, renderMs, refused);
}

export async function run(): Promise<Comparison> {
  const db = await benchDatabase('stall');
  const dataDir = mkdtempSync(join(tmpdir(), 'vigia-stall-'));
  const api = await startApi(db, dataDir);
  try {
    const { reviewId, token } = await seed(api, db);
    // Warm-up: the render threads start, the code paths are compiled, the caches are filled.
    await renderingRound(api, db, reviewId, token);
    const quiet: Round[] = [];
    const rendering: Round[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const order = i % 2 === 0 ? (['quiet', 'rendering'] as const) : (['rendering', 'quiet'] as const);
      for (const side of order) {
        if (side === 'quiet') quiet.push(await quietRound(api));
        else rendering.push(await renderingRound(api, db, reviewId, token));
      }
    }
    const result: Comparison = {
      title: `GET /health p99 (${CONNECTIONS} connections) while ${REPORTS} full PDF reports of ${FINDINGS} findings render`,
      subject: { name: `while ${REPORTS} reports render`, samples: rendering.map((r) => r.p99) },
      baseline: { name: 'nothing rendering', samples: quiet.map((r) => r.p99) },
      ratio: median(rendering.map((r) => r.p99)) / median(quiet.map((r) => r.p99)),
    };
    print(result);
    const detail = (label: string, rounds: Round[]) =>
      `  ${label.padEnd(26)} p99 ${rounds.map((r) => r.p99).join(', ')} ms; max ${rounds.map((r) => r.max).join(', ')} ms; ` +
      `requests ${rounds.map((r) => r.requests).join(', ')}; not 2xx ${rounds.map((r) => r.failed).join(', ')}; ` +
      `longest event-loop stall ${rounds.map((r) => r.stallMs.toFixed(0)).join(', ')} ms`;
    console.log(detail('nothing rendering:', quiet));
    console.log(detail(`${REPORTS} reports rendering:`, rendering));
    console.log(
      `  ${REPORTS} reports rendered in (median) ${median(rendering.map((r) => r.renderMs ?? 0)).toFixed(0)} ms; ` +
        `report requests refused with 503 and sent again: ${rendering.map((r) => r.refused ?? 0).join(', ')}`,
    );
    return result;
  } finally {
    if (api.child.exitCode === null) {
      const exited = new Promise((resolve) => api.child.once('exit', resolve));
      api.child.kill('SIGTERM');
      await exited;
    }
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The child: the real api, as main.ts builds it, on the database the parent prepared. */
async function child(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config, config.database.url ?? '');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  // The parent asks for the longest event-loop delay since it last asked (a render on the event loop shows as one).
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  process.on('message', () => {
    process.send?.({ stallMs: delay.max / 1e6 });
    delay.reset();
  });
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  process.once('SIGTERM', () => {
    void app.close().finally(() => process.exit(0));
  });
}

if (require.main === module && process.argv.includes('--child')) {
  child().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
