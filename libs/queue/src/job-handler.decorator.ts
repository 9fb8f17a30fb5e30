// Marks a provider method as the one handler of a job; QueueWorkerHost finds it at bootstrap.
import { SetMetadata } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type JobPayloads } from './queue.constants';

export const JOB_HANDLER = Symbol('vigia:job-handler');

/** What a handler receives: the typed payload and the BullMQ job (id, attempts). */
export type JobHandlerFn<J extends JobName = JobName> = (payload: JobPayloads[J], job: Job) => Promise<unknown>;

export const JobHandler = (name: JobName): MethodDecorator => SetMetadata(JOB_HANDLER, name);
