// Redis killed and started again while jobs wait in it: with the persistence production needs (AOF; see docs/operations.md) every
// queued job survives and runs once a worker takes them; meanwhile the api stays up, answers what needs no queue,
// refuses what does with 503, reports the queue down in /health, and recovers by itself.
// Only on the CI's Redis pass (TEST_REDIS_URL): without it the queues run on PostgreSQL, and there is no Redis.
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@vigia/config';
import { freePort } from '@vigia/database';
import { QueueName, QueueService } from '@vigia/queue';
import { type ChildProcess, spawn } from 'node:child_process';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { TestApp } from './support/test-app';
import { databaseUrl, tempDir, testEnvironment } from './support/test-env';
import { dayOffset, until } from './support/wait';

const JWT_ACCESS_SECRET = 'test-secret-test-secret-test-secret-0123';
/** A request still unanswered after this long counts as a hang. */
const REQUEST_TIMEOUT_MS = 15_000;

/** A redis-server of this file's own, persisting every write to its append-only file before answering it. */
class RedisServer {
  private proc?: ChildProcess;

  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const proc = spawn(
      'redis-server',
      [
        ...['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir],
        ...['--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.proc = proc;
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        out += chunk.toString();
        if (/Ready to accept connections/.test(out)) resolve();
      };
      proc.stdout.on('data', onData);
      proc.stderr.on('data', onData);
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
    });
  }

  /**
   * SIGTERM: Redis flushes its append-only file and exits, as on a host's orderly restart. SIGKILL: a crash, which
   * keeps every acknowledged write only because each one was fsynced to the append-only file before its answer.
   */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const proc = this.proc;
    this.proc = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  }
}

if (!process.env.TEST_REDIS_URL) {
  describe('Redis restarted with jobs waiting (not on this pass)', () => {
    it('runs the queues on PostgreSQL here, so there is no Redis to restart; the CI Redis pass runs this file', async () => {
      const t = await TestApp.start();
      try {
        expect(t.app.get(QueueService).backend).toBe('postgres');
        expect((await t.get('/health')).body).toEqual({ status: 'ok', db: 'up', queue: 'up' });
      } finally {
        await t.close();
      }
    });
  });
} else {
  describe('Redis restarted with jobs waiting', () => {
    let redis: RedisServer;
    let t: TestApp;
    let worker: INestApplicationContext | undefined;
    const env: Record<string, string> = {};

    beforeAll(async () => {
      redis = new RedisServer(tempDir('redis'), await freePort());
      await redis.start();
      // The api only adds jobs; a worker, started once Redis is back, runs them. Both share DATA_DIR (the report files
      // and the mail outbox).
      Object.assign(env, { REDIS_URL: redis.url, QUEUE_PROCESSORS_IN_API: 'false', DATA_DIR: tempDir('data') });
      t = await TestApp.start(env);
    });

    afterAll(async () => {
      await worker?.close();
      await t?.close();
      await redis?.stop();
    });

    const timed = async <T>(what: Promise<T>): Promise<{ value: T; ms: number }> => {
      const started = Date.now();
      const value = await what;
      return { value, ms: Date.now() - started };
    };

    it('keeps every queued job through the restart and runs them all; the api answers 503 for the queue meanwhile', async () => {
      const team = await t.reviewTeam();
      const items = 20;
      await t.db.query(
        `INSERT INTO deliverables (review_id, title, kind, owner_id, due_on, status, version)
         SELECT $1, 'Entregable ' || g, 'report', $2, $3::date, 'planned', 1 FROM generate_series(1, $4::int) g`,
        [team.reviewId, team.auditor.id, dayOffset(3), items],
      );
      expect((await t.post('/admin/reminders/scan', {}, team.admin.token)).status).toBe(202);
      const reports: string[] = [];
      for (const body of [
        { kind: 'findings', format: 'csv', locale: 'es' },
        { kind: 'milestone', format: 'xlsx', locale: 'en' },
        { kind: 'full', format: 'pdf', locale: 'fr' },
      ]) {
        const res = await t.post(`/reviews/${team.reviewId}/reports`, body, team.manager.token);
        expect(res.status).toBe(202);
        reports.push(res.body.id);
      }
      const queues = t.app.get(QueueService);
      expect(queues.backend).toBe('redis');
      expect(await queues.queue(QueueName.Reports).getJobCounts('waiting')).toEqual({ waiting: 3 });

      await redis.stop('SIGKILL');
      const request = (
        method: string,
        path: string,
        token: string,
        body?: unknown,
      ): Promise<{ value: number; ms: number }> =>
        timed(
          fetch(`${t.baseUrl}/api/v1${path}`, {
            method,
            headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
            body: body ? JSON.stringify(body) : undefined,
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          }).then((res) => res.status),
        );
      const health = await t.get('/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ details: [{ db: 'up', queue: 'down' }] });
      // What needs no queue works; what must add a job is refused at once, and nothing hangs.
      expect((await request('GET', `/reviews/${team.reviewId}`, team.manager.token)).value).toBe(200);
      const report = await request('POST', `/reviews/${team.reviewId}/reports`, team.manager.token, {
        kind: 'findings',
        format: 'csv',
        locale: 'en',
      });
      const scan = await request('POST', '/admin/reminders/scan', team.admin.token, {});
      expect({ report: report.value, scan: scan.value }).toEqual({ report: 503, scan: 503 });
      expect(Math.max(report.ms, scan.ms)).toBeLessThan(REQUEST_TIMEOUT_MS);
      // The refused report left no row behind.
      const { rows } = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM reports WHERE review_id = $1', [
        team.reviewId,
      ]);
      expect(rows[0].n).toBe(3);

      const back = Date.now();
      await redis.start();
      await until(
        'the api to find the queue again',
        async () => (await t.get('/health')).status,
        (status) => status === 200,
        10_000,
      );
      const recoveredMs = Date.now() - back;
      expect(await queues.queue(QueueName.Reports).getJobCounts('waiting')).toEqual({ waiting: 3 });

      const url = databaseUrl(testEnvironment().adminUrl, t.databaseName);
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: url,
        JWT_ACCESS_SECRET,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DB_POOL_SIZE: '5',
        ...env,
      });
      worker = await NestFactory.createApplicationContext(WorkerModule.register(config, url), { logger: false });
      await worker.init();

      const count = async (sql: string, params: unknown[]): Promise<number> =>
        (await t.db.query<{ n: number }>(sql, params)).rows[0].n;
      await until(
        'every queued report to be generated',
        () => count(`SELECT count(*)::int AS n FROM reports WHERE id = ANY($1) AND status = 'done'`, [reports]),
        (done) => done === reports.length,
        60_000,
      );
      // The owner (the auditor) and the coordinator hear of each deliverable, once, in the app and by mail.
      await until(
        'every reminder to be recorded and mailed',
        () =>
          count(
            `SELECT count(*)::int AS n FROM notifications n JOIN mail_messages m ON m.notification_id = n.id
             WHERE n.review_id = $1 AND m.status = 'kept'`,
            [team.reviewId],
          ),
        (kept) => kept === items * 2,
        60_000,
      );
      expect(await count('SELECT count(*)::int AS n FROM notifications WHERE review_id = $1', [team.reviewId])).toBe(
        items * 2,
      );
      console.log(JSON.stringify({ recoveredMs, refusedReportMs: report.ms, refusedScanMs: scan.ms }));
    }, 120_000);
  });
}
