// Owns one BullMQ Queue per QueueName: adds jobs, keeps schedules, answers health pings, closes on shutdown.
import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { type Built, createQueue, defaultPrefix, type QueueBackendSettings } from './queue-backend';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, JobName, type JobPayloads, QueueName } from './queue.constants';
import { QUEUE_OPTIONS, type QueueModuleOptions } from './queue.options';

const PING_TIMEOUT_MS = 2000;

@Injectable()
export class QueueService implements BeforeApplicationShutdown {
  readonly settings: QueueBackendSettings;
  private readonly queues = new Map<QueueName, Built<Queue>>();

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
    }
    return built.value;
  }

  async add<J extends JobName>(job: J, payload: JobPayloads[J], options: { jobId?: string } = {}): Promise<Job> {
    return this.queue(JOB_QUEUE[job]).add(job, payload, options.jobId ? { jobId: options.jobId } : {});
  }

  /**
   * Adds many jobs of one kind in one round trip. A job whose id is already in the queue (waiting, running or kept
   * after completion) is not added again.
   */
  async addBulk<J extends JobName>(job: J, items: { payload: JobPayloads[J]; jobId: string }[]): Promise<Job[]> {
    if (items.length === 0) return [];
    return this.queue(JOB_QUEUE[job]).addBulk(
      items.map((i) => ({ name: job, data: i.payload, opts: { ...DEFAULT_JOB_OPTIONS, jobId: i.jobId } })),
    );
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
