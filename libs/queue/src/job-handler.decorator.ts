// Marks a provider method as the one handler of a job; QueueWorkerHost finds it at bootstrap.
import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type JobPayloads } from './queue.constants';

export const JOB_HANDLER = Symbol('vigia:job-handler');

/** What a handler receives: the typed payload and the BullMQ job (id, attempts). */
export type JobHandlerFn<J extends JobName = JobName> = (payload: JobPayloads[J], job: Job) => Promise<unknown>;

export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);

export const JOB_FAILED_HANDLER = Symbol('vigia:job-failed-handler');

/** Called once a job has failed for good: its retries are spent, or it stalled (its worker died) too often. */
export type JobFailedHandlerFn<J extends JobName = JobName> = (
  payload: JobPayloads[J],
  job: Job,
  error: Error,
) => Promise<unknown>;

/** Marks a provider method to run when a job of that name fails for good (at most one per JobName). */
export const JobFailedHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_FAILED_HANDLER, name);
