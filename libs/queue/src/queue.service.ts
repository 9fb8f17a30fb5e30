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

  /** Runs `job` every `everyMs`; the scheduler id is the job name, so restarts and other processes update it in place. */
  async schedule<J extends JobName>(job: J, everyMs: number, payload: JobPayloads[J]): Promise<void> {
    await this.queue(JOB_QUEUE[job]).upsertJobScheduler(job, { every: everyMs }, { name: job, data: payload });
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
