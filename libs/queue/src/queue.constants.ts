// The queues' vocabulary: names, payloads, shared retry and retention settings, deterministic job ids.
import type { JobsOptions } from 'bullmq';

export enum QueueName {
  Maintenance = 'maintenance',
}

export enum JobName {
  VerifyAuditChain = 'verify-audit-chain',
}

/** Payloads carry ids, never entities: a job may run long after it was added. */
export interface JobPayloads {
  [JobName.VerifyAuditChain]: Record<string, never>;
}

/** Which queue carries each job. */
export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  [JobName.VerifyAuditChain]: QueueName.Maintenance,
};

const DAY_SECONDS = 24 * 60 * 60;

/** Every job retries with exponential backoff; finished jobs are kept long enough to inspect, then dropped. */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * DAY_SECONDS, count: 1000 },
  removeOnFail: { age: 30 * DAY_SECONDS },
} as const satisfies JobsOptions;

/**
 * A job id built from what the job is about, so adding the same work twice yields one job.
 * BullMQ refuses ':' in custom ids (and ids that look like integers, which the name prefix prevents).
 */
export function jobId(name: JobName | string, ...parts: (string | number)[]): string {
  const all = [name, ...parts].map(String);
  for (const part of all) {
    if (part === '' || part.includes(':')) throw new Error(`Invalid job id part ${JSON.stringify(part)}`);
  }
  return all.join('.');
}
