// Owns one BullMQ Queue per QueueName: adds jobs, keeps schedules, answers health pings, closes on shutdown.
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { DomainException, ErrorCode } from '@vigia/common';
import type { Job, Queue } from 'bullmq';
import { type Built, createQueue, defaultPrefix, type QueueBackendSettings } from './queue-backend';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, JobName, type JobPayloads, QueueName } from './queue.constants';
import { QUEUE_OPTIONS, type QueueModuleOptions } from './queue.options';

const PING_TIMEOUT_MS = 2000;
/** Adding a job that gets no answer this soon counts as the queue being away. */
const ADD_TIMEOUT_MS = 10_000;

/** 503: the queue backend refused or did not answer; nothing was added, and the request may be sent again. */
export class QueueUnavailableError extends DomainException {
  constructor() {
    super(ErrorCode.Unavailable, 'The job queue is unavailable; try again shortly', undefined, { 'retry-after': '5' });
  }
}

@Injectable()
export class QueueService implements BeforeApplicationShutdown {
  readonly settings: QueueBackendSettings;
  private readonly queues = new Map<QueueName, Built<Queue>>();
  private readonly logger = new Logger('Queue');

  constructor(@Inject(QUEUE_OPTIONS) options: QueueModuleOptions) {
    this.settings = {
      databaseUrl: options.databaseUrl,
      redisUrl: options.redisUrl,
      prefix: options.prefix ?? defaultPrefix(options.databaseUrl),
    };
  }

  get backend(): 'redis' | 'postgres' {
    return this.settings.redisUrl ? 'redis' : 'postgres';
  }

  /** The BullMQ queue, created on first use. */
  queue(name: QueueName): Queue {
    let built = this.queues.get(name);
    if (!built) {
      built = createQueue(name, this.settings, { defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // Connection errors surface through ping() and failed adds; an unhandled 'error' event would crash the process.
      built.value.on('error', () => undefined);
      this.queues.set(name, built);
      this.dropIfNeverReady(name, built);
    }
    return built.value;
  }

  /**
   * On PostgreSQL, BullMQ keeps the outcome of a queue's first connection for good: a queue first used while the
   * database was away would fail every later call until the process restarts. Such a queue is dropped instead, and
   * the next use builds a new one.
   */
  private dropIfNeverReady(name: QueueName, built: Built<Queue>): void {
    built.value.waitUntilReady().catch(() => {
      if (this.queues.get(name) !== built) return;
      this.queues.delete(name);
      void built.value
        .close()
        .catch(() => undefined)
        .finally(() => built.release().catch(() => undefined));
    });
  }

  /** Adds a job, or fails with QueueUnavailableError (503) when the backend refuses it or does not answer in time. */
  async add<J extends JobName>(job: J, payload: JobPayloads[J], options: { jobId?: string } = {}): Promise<Job> {
    return this.answered(job, () =>
      this.queue(JOB_QUEUE[job]).add(job, payload, options.jobId ? { jobId: options.jobId } : {}),
    );
  }

  /**
   * Adds many jobs of one kind in one round trip. A job whose id is already in the queue (waiting, running or kept
   * after completion) is not added again.
   */
  async addBulk<J extends JobName>(job: J, items: { payload: JobPayloads[J]; jobId: string }[]): Promise<Job[]> {
    if (items.length === 0) return [];
    return this.answered(job, () =>
      this.queue(JOB_QUEUE[job]).addBulk(
        items.map((i) => ({ name: job, data: i.payload, opts: { ...DEFAULT_JOB_OPTIONS, jobId: i.jobId } })),
      ),
    );
  }

  /**
   * A late answer after the timeout is harmless: job ids are deterministic, so a job added twice is added once, and
   * a job whose record was rolled back ends at once.
   */
  private async answered<T>(job: JobName, add: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ADD_TIMEOUT_MS} ms`)), ADD_TIMEOUT_MS);
    });
    try {
      return await Promise.race([add(), timeout]);
    } catch (err) {
      this.logger.warn(`could not add ${job}: ${err instanceof Error ? err.message : String(err)}`);
      throw new QueueUnavailableError();
    } finally {
      clearTimeout(timer);
    }
  }

  /** The job with that id, or undefined once it is gone (never added, or removed after its retention). */
  async getJob(job: JobName, id: string): Promise<Job | undefined> {
    return (await this.queue(JOB_QUEUE[job]).getJob(id)) ?? undefined;
  }

  /**
   * Runs `job` every `everyMs`, or on a cron `pattern` (UTC); the scheduler id is the job name, so restarts and other
   * processes update it in place.
   */
  async schedule<J extends JobName>(
    job: J,
    repeat: number | { pattern: string },
    payload: JobPayloads[J],
  ): Promise<void> {
    const options = typeof repeat === 'number' ? { every: repeat } : { pattern: repeat.pattern, tz: 'UTC' };
    await this.queue(JOB_QUEUE[job]).upsertJobScheduler(job, options, { name: job, data: payload });
  }

  /** True when the queue backend answers within two seconds. */
  async ping(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
    });
    const probe = this.queue(QueueName.Maintenance)
      .getJobCounts('waiting')
      .then(
        () => true,
        () => false,
      );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const all = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(all.map(async (q) => q.value.close().finally(() => q.release())));
  }
}
