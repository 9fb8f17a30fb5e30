// A worker killed (SIGKILL) in the middle of its jobs: another worker picks them up (BullMQ stalled-job recovery) and
// the outcome is as if nothing happened: every report ends `done`, every reminder is recorded and mailed exactly once.
// The api here only enqueues; the built worker (dist/apps/worker) runs the jobs as its own process, as in production.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from './support/test-app';
import { databaseUrl, tempDir, testEnvironment } from './support/test-env';
import { until } from './support/wait';

const root = process.cwd();
const workerEntry = join(root, 'dist/apps/worker/src/main.js');
const LOCK_SECONDS = '3';

interface Worker {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('a worker killed mid-job', () => {
  let t: TestApp;
  let dataDir: string;
  let url: string;
  const workers: Worker[] = [];

  const startWorker = async (): Promise<Worker> => {
    const { TEST_DATABASE_URL: _t, DATABASE_URL: _d, REDIS_URL: _r, ...base } = process.env;
    const proc = spawn(process.execPath, [workerEntry], {
      cwd: root,
      env: {
        ...base,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        QUEUE_LOCK_SECONDS: LOCK_SECONDS,
        JWT_ACCESS_SECRET: 'test-secret-test-secret-test-secret-0123',
        ...(process.env.TEST_REDIS_URL ? { REDIS_URL: process.env.TEST_REDIS_URL } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    const worker = { proc, output: () => out, exited };
    workers.push(worker);
    await until(
      'the worker to start',
      async () => {
        if (proc.exitCode !== null) throw new Error(`worker exited early:\n${out}`);
        return /Vigía worker started/.test(out);
      },
      (started) => started,
      60_000,
    );
    return worker;
  };

  const kill = async (worker: Worker): Promise<void> => {
    worker.proc.kill('SIGKILL');
    await worker.exited;
  };

  beforeAll(async () => {
    if (!existsSync(workerEntry)) throw new Error(`${workerEntry} is missing: npm test builds it first`);
    dataDir = tempDir('crash');
    t = await TestApp.start({ QUEUE_PROCESSORS_IN_API: 'false', DATA_DIR: dataDir, QUEUE_LOCK_SECONDS: LOCK_SECONDS });
    url = databaseUrl(testEnvironment().adminUrl, t.databaseName);
  });

  afterAll(async () => {
    for (const w of workers) if (w.proc.exitCode === null && w.proc.signalCode === null) w.proc.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await t.close();
  });

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await t.db.query<{ n: string }>(sql, params)).rows[0].n);

  it('finishes every report whose worker was killed while rendering it', async () => {
    const team = await t.reviewTeam();
    // 500 findings make a full PDF take long enough to be caught in the act.
    await t.db.query(
      `INSERT INTO findings (review_id, focus_area_id, principle_codes, title, condition, criteria, cause, effect,
                             likelihood, impact, status, author_id, version)
       SELECT $1, (SELECT id FROM focus_areas ORDER BY position LIMIT 1), ARRAY['integrity']::varchar[],
              'Hallazgo ' || g, repeat('Condición observada. ', 20), 'Criterio', 'Causa', 'Efecto',
              1 + g % 5, 1 + (g / 5) % 5, 'draft', $2, 1
       FROM generate_series(1, 500) g`,
      [team.reviewId, team.auditor.id],
    );
    const requests = [
      { kind: 'full', format: 'pdf', locale: 'en' },
      { kind: 'full', format: 'pdf', locale: 'es' },
      { kind: 'findings', format: 'pdf', locale: 'fr' },
      { kind: 'findings', format: 'xlsx', locale: 'es' },
    ];
    const ids: string[] = [];
    for (const body of requests) {
      const res = await t.post(`/reviews/${team.reviewId}/reports`, body, team.manager.token);
      expect(res.status).toBe(202);
      ids.push(res.body.id);
    }

    const first = await startWorker();
    await until(
      'a report to be running',
      () => count(`SELECT count(*) AS n FROM reports WHERE id = ANY($1) AND status = 'running'`, [ids]),
      (running) => running > 0,
      60_000,
    );
    await kill(first);
    const doneAtKill = await count(`SELECT count(*) AS n FROM reports WHERE id = ANY($1) AND status = 'done'`, [ids]);
    expect(doneAtKill).toBeLessThan(ids.length);

    await startWorker();
    await until(
      'every report to be done',
      () => count(`SELECT count(*) AS n FROM reports WHERE id = ANY($1) AND status = 'done'`, [ids]),
      (done) => done === ids.length,
      90_000,
    );
    for (const id of ids) {
      const report = await t.get(`/reports/${id}`, team.manager.token);
      expect(report.body).toMatchObject({ status: 'done', error: null });
      const file = await fetch(`${t.baseUrl}/api/v1/reports/${id}/file`, {
        headers: { authorization: `Bearer ${team.manager.token}` },
      });
      expect(file.status).toBe(200);
      const bytes = Buffer.from(await file.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(report.body.sha256);
    }
  }, 180_000);

  it('records and mails every reminder exactly once when the worker is killed while sending them', async () => {
    const team = await t.reviewTeam();
    const items = 1500;
    await t.db.query(
      `INSERT INTO deliverables (review_id, title, kind, owner_id, due_on, status, version)
       SELECT $1, 'Entregable ' || g, 'report', $2, (now() AT TIME ZONE 'UTC')::date + 3, 'planned', 1
       FROM generate_series(1, $3::int) g`,
      [team.reviewId, team.auditor.id, items],
    );
    // The owner (the auditor) and the coordinator are reminded of each item.
    const expected = items * 2;
    const scan = await t.post('/admin/reminders/scan', {}, team.admin.token);
    expect(scan.status).toBe(202);

    const first = await startWorker();
    await until(
      'some reminders to be recorded',
      () => count(`SELECT count(*) AS n FROM notifications WHERE review_id = $1`, [team.reviewId]),
      (recorded) => recorded > expected / 10,
      60_000,
    );
    await kill(first);
    const atKill = await count(`SELECT count(*) AS n FROM mail_messages WHERE status = 'kept'`);
    expect(atKill).toBeLessThan(expected);

    await startWorker();
    await until(
      'every reminder to be mailed',
      () => count(`SELECT count(*) AS n FROM mail_messages WHERE status = 'kept'`),
      (kept) => kept === expected,
      120_000,
    );
    // Give a duplicate every chance to show up before counting.
    await sleep(2000);
    expect(await count(`SELECT count(*) AS n FROM notifications WHERE review_id = $1`, [team.reviewId])).toBe(expected);
    expect(
      await count(
        `SELECT count(*) AS n FROM (SELECT DISTINCT user_id, item_id, occasion FROM notifications WHERE review_id = $1) d`,
        [team.reviewId],
      ),
    ).toBe(expected);
    expect(await count(`SELECT count(*) AS n FROM mail_messages`)).toBe(expected);
    expect(await count(`SELECT count(*) AS n FROM mail_messages WHERE status <> 'kept'`)).toBe(0);
    const files = readdirSync(join(dataDir, 'outbox')).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(expected);
  }, 240_000);
});
