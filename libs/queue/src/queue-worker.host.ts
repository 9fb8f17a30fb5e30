// Finds the @JobHandler methods at bootstrap (exactly one per JobName) and runs a BullMQ Worker per queue.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Job, Worker } from 'bullmq';
import { JOB_FAILED_HANDLER, JOB_HANDLER, type JobFailedHandlerFn, type JobHandlerFn } from './job-handler.decorator';
import { type Built, createWorker } from './queue-backend';
import { JOB_QUEUE, JobName, QUEUE_CONCURRENCY, QueueName } from './queue.constants';
import { QUEUE_OPTIONS, type QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';

/** A job holds its lock this long; a worker that dies loses it and the job is retried by another (stalled-job recovery). */
export const LOCK_DURATION_MS = 60_000;

export interface DiscoveredHandler {
  name: JobName;
  owner: string;
  run: JobHandlerFn;
}

/** One handler per JobName, or an error naming every missing and duplicated one. */
export function checkHandlers(found: DiscoveredHandler[]): Map<JobName, DiscoveredHandler> {
  const problems: string[] = [];
  const byName = new Map<JobName, DiscoveredHandler>();
  for (const name of Object.values(JobName)) {
    const mine = found.filter((h) => h.name === name);
    if (mine.length === 0) problems.push(`${name}: no @JobHandler`);
    if (mine.length > 1) problems.push(`${name}: ${mine.length} handlers (${mine.map((h) => h.owner).join(', ')})`);
    if (mine.length === 1) byName.set(name, mine[0]);
  }
  for (const h of found) {
    if (!Object.values(JobName).includes(h.name)) problems.push(`${String(h.name)}: not a JobName (${h.owner})`);
  }
  if (problems.length > 0) throw new Error(`Job handlers are not one per job:\n  - ${problems.join('\n  - ')}`);
  return byName;
}

@Injectable()
export class QueueWorkerHost implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Queue');
  private handlers = new Map<JobName, DiscoveredHandler>();
  private readonly failedHandlers = new Map<JobName, JobFailedHandlerFn>();
  private readonly workers: Built<Worker>[] = [];

  constructor(
    @Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly queues: QueueService,
  ) {}

  discover(): DiscoveredHandler[] {
    const found: DiscoveredHandler[] = [];
    this.failedHandlers.clear();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const failed = Reflect.getMetadata(JOB_FAILED_HANDLER, fn) as JobName | undefined;
        if (failed !== undefined) {
          if (this.failedHandlers.has(failed)) throw new Error(`${failed}: more than one @JobFailedHandler`);
          this.failedHandlers.set(failed, (fn as JobFailedHandlerFn).bind(instance));
        }
        const name = Reflect.getMetadata(JOB_HANDLER, fn) as JobName | undefined;
        if (name === undefined) continue;
        found.push({
          name,
          owner: `${instance.constructor.name}.${method}`,
          run: (fn as JobHandlerFn).bind(instance),
        });
      }
    }
    return found;
  }

  onModuleInit(): void {
    this.handlers = checkHandlers(this.discover());
  }

  onApplicationBootstrap(): void {
    if (!this.options.processors) return;
    for (const queue of Object.values(QueueName)) {
      const built = createWorker(queue, (job) => this.process(job), this.queues.settings, {
        concurrency: QUEUE_CONCURRENCY[queue],
        lockDuration: this.options.lockMs ?? LOCK_DURATION_MS,
        // Checked twice per lock period, so a dead worker's job waits at most about one and a half periods.
        stalledInterval: Math.round((this.options.lockMs ?? LOCK_DURATION_MS) / 2),
        maxStalledCount: 1,
      });
      built.value.on('error', (err) => this.logger.error(`Worker ${queue}: ${err.message}`));
      // Also emitted by the stalled-job checker when a job whose worker died has stalled too often.
      built.value.on('failed', (job, err) => {
        if (job) void this.failedForGood(job, err);
      });
      this.workers.push(built);
    }
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler || (JOB_QUEUE[handler.name] as string) !== job.queueName) {
      throw new Error(`No handler for job ${job.name} on queue ${job.queueName}`);
    }
    const started = Date.now();
    const what = `${job.name} ${job.id} (attempt ${job.attemptsMade + 1})`;
    this.logger.log(`${what} started`);
    try {
      const result = await handler.run(job.data as never, job);
      this.logger.log(`${what} completed in ${Date.now() - started} ms`);
      return result;
    } catch (err) {
      this.logger.error(
        `${what} failed in ${Date.now() - started} ms: ${err instanceof Error ? err.message : String(err)}`,
      );
      throw err;
    }
  }

  /** Runs the job's @JobFailedHandler when the failure is final (no retry is scheduled). */
  private async failedForGood(job: Job, err: Error): Promise<void> {
    const handler = this.failedHandlers.get(job.name as JobName);
    if (!handler) return;
    try {
      if ((await job.getState()) !== 'failed') return;
      this.logger.error(`${job.name} ${job.id} failed for good: ${err.message}`);
      await handler(job.data as never, job, err);
    } catch (hookErr) {
      this.logger.error(
        `${job.name} ${job.id}: failure handler threw: ${hookErr instanceof Error ? hookErr.message : String(hookErr)}`,
      );
    }
  }

  /** Waits for running jobs to finish before the database and the queues close. */
  async onModuleDestroy(): Promise<void> {
    const all = this.workers.splice(0);
    await Promise.all(all.map(async (w) => w.value.close().finally(() => w.release())));
  }
}
