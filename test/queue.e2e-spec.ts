import type { Job, Queue } from 'bullmq';
import {
  createQueue,
  createWorker,
  DEFAULT_JOB_OPTIONS,
  jobId,
  JobName,
  type QueueBackendSettings,
  QueueName,
  QueueService,
} from '@vigia/queue';
import { randomBytes } from 'node:crypto';
import { TestApp } from './support/test-app';

/** Polls until the job has completed or failed for good. */
async function settled(queue: Queue, id: string, timeoutMs = 20_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await queue.getJob(id);
    if (job) {
      const state = await job.getState();
      // The state is live but `job` is a snapshot from just before: read it again now that it is final.
      if (state === 'completed' || state === 'failed') return (await queue.getJob(id))!;
    }
    if (Date.now() > deadline) throw new Error(`job ${id} did not finish within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const unique = (): string => randomBytes(4).toString('hex');

/** A failing-then-succeeding job on a queue of the test's own, on the given backend. */
async function retriesWithBackoff(settings: QueueBackendSettings): Promise<void> {
  const name = `test-retry-${unique()}`;
  const queue = createQueue(name, settings);
  let calls = 0;
  const worker = createWorker(
    name,
    async (job) => {
      calls++;
      if (job.attemptsMade < 2) throw new Error(`flaky ${job.attemptsMade}`);
      return 'done';
    },
    settings,
  );
  try {
    const job = await queue.value.add('flaky', {}, { attempts: 3, backoff: { type: 'exponential', delay: 50 } });
    const done = await settled(queue.value, job.id!);
    expect(await done.getState()).toBe('completed');
    expect(done.returnvalue).toBe('done');
    expect(done.attemptsMade).toBe(3);
    expect(calls).toBe(3);
    // Exponential: 50 ms, then 100 ms between attempts.
    expect(done.finishedOn! - done.timestamp).toBeGreaterThanOrEqual(150);
  } finally {
    await worker.value.close().finally(() => worker.release());
    await queue.value.obliterate({ force: true }).catch(() => undefined);
    await queue.value.close().finally(() => queue.release());
  }
}

describe('queues: BullMQ on PostgreSQL or Redis, and the audit chain check', () => {
  let t: TestApp;
  let queues: QueueService;
  let maintenance: Queue;
  beforeAll(async () => {
    t = await TestApp.start();
    queues = t.app.get(QueueService);
    maintenance = queues.queue(QueueName.Maintenance);
  });
  afterAll(() => t.close());

  it('runs on Redis when REDIS_URL is set and on PostgreSQL otherwise', () => {
    expect(queues.backend).toBe(process.env.TEST_REDIS_URL ? 'redis' : 'postgres');
  });

  it('runs VerifyAuditChain through the queue and keeps its result', async () => {
    const { rows } = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM audit_events');
    const job = await queues.add(JobName.VerifyAuditChain, {}, { jobId: jobId(JobName.VerifyAuditChain, unique()) });
    const done = await settled(maintenance, job.id!);
    expect(await done.getState()).toBe('completed');
    expect(done.returnvalue).toEqual({ ok: true, checked: Number(rows[0].n) });
  });

  it('runs a job added twice under the same id once', async () => {
    const id = jobId(JobName.VerifyAuditChain, 'once', unique());
    const first = await queues.add(JobName.VerifyAuditChain, {}, { jobId: id });
    const second = await queues.add(JobName.VerifyAuditChain, {}, { jobId: id });
    expect(second.id).toBe(first.id);
    const done = await settled(maintenance, id);
    const finishedOn = done.finishedOn;
    // Added again after it ran: the kept job still holds the id, so nothing runs.
    await queues.add(JobName.VerifyAuditChain, {}, { jobId: id });
    await new Promise((r) => setTimeout(r, 300));
    const again = await maintenance.getJob(id);
    expect(again?.finishedOn).toBe(finishedOn);
    expect(again?.attemptsMade).toBe(1);
  });

  it('keeps one daily schedule for the chain check, however often it is upserted', async () => {
    await queues.schedule(JobName.VerifyAuditChain, 24 * 60 * 60 * 1000, {});
    const schedulers = (await maintenance.getJobSchedulers()).filter((s) => s.key === String(JobName.VerifyAuditChain));
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: JobName.VerifyAuditChain, every: 24 * 60 * 60 * 1000 });
  });

  it('gives every job five attempts with exponential backoff from 2 s', () => {
    expect(maintenance.defaultJobOptions).toMatchObject(DEFAULT_JOB_OPTIONS);
    expect(DEFAULT_JOB_OPTIONS).toMatchObject({ attempts: 5, backoff: { type: 'exponential', delay: 2000 } });
  });

  it('retries a failing job with exponential backoff until it succeeds', async () => {
    await retriesWithBackoff(queues.settings);
  });

  if (process.env.TEST_REDIS_URL) {
    it('retries on the PostgreSQL backend too', async () => {
      await retriesWithBackoff({ ...queues.settings, redisUrl: undefined });
    });
  }

  it('refuses job ids the backends cannot hold', () => {
    expect(jobId(JobName.VerifyAuditChain, 'a', 1)).toBe('verify-audit-chain.a.1');
    expect(() => jobId(JobName.VerifyAuditChain, 'a:b')).toThrow(/Invalid job id/);
  });

  it('answers health with the queue up', async () => {
    const res = await t.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up', queue: 'up' });
  });

  it("reports a chain edited behind the application's back, naming the first broken event", async () => {
    const user = await t.user('Tamper Target');
    const { rows } = await t.db.query(`SELECT id FROM audit_events WHERE entity_type = 'user' AND entity_id = $1`, [
      user.id,
    ]);
    const client = await t.db.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(`UPDATE audit_events SET after = jsonb_set(after, '{role}', '"admin"') WHERE id = $1`, [
        rows[0].id,
      ]);
      await client.query(`SET session_replication_role = origin`);
    } finally {
      client.release();
    }
    const job = await queues.add(JobName.VerifyAuditChain, {}, { jobId: jobId(JobName.VerifyAuditChain, unique()) });
    const done = await settled(maintenance, job.id!);
    expect(await done.getState()).toBe('completed');
    expect(done.returnvalue).toMatchObject({ ok: false, firstBrokenId: rows[0].id });
  });
});
