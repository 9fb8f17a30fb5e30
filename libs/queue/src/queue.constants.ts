// The queues' vocabulary: names, payloads, shared retry and retention settings, deterministic job ids.
import type { JobsOptions } from 'bullmq';

export enum QueueName {
  Maintenance = 'maintenance',
  Reminders = 'reminders',
  Mail = 'mail',
  Reports = 'reports',
}

export enum JobName {
  VerifyAuditChain = 'verify-audit-chain',
  /** Finds what falls due under each review's reminder policy and adds a DeliverReminder job per person and item. */
  ScanReminders = 'scan-reminders',
  /** Finds what is late in each review and adds a DeliverReminder job (kind digest) per manager. */
  ScanDigests = 'scan-digests',
  /** Records one notification (unique per person, item and occasion) and its e-mail in the outbox. */
  DeliverReminder = 'deliver-reminder',
  /** Hands one outbox message to SMTP, or keeps it in the local outbox. */
  SendMail = 'send-mail',
  GenerateReport = 'generate-report',
  /** Marks reports whose generation was lost (job gone or failed) as failed, so none stays queued or running. */
  SweepReports = 'sweep-reports',
}

export type ReminderItemType = 'deliverable' | 'milestone' | 'recommendation' | 'review';

/** Payloads carry ids, never entities: a job may run long after it was added. */
export interface JobPayloads {
  [JobName.VerifyAuditChain]: Record<string, never>;
  [JobName.ScanReminders]: Record<string, never>;
  [JobName.ScanDigests]: Record<string, never>;
  [JobName.DeliverReminder]: {
    kind: 'reminder' | 'digest';
    userId: string;
    reviewId: string;
    itemType: ReminderItemType;
    itemId: string;
    /** e.g. `before-3@2026-12-01`, `overdue-0@2026-12-01`, `digest@2026-W48` (see Notification.occasion). */
    occasion: string;
    /** The item's due date the occasion was computed from; null for a digest. */
    dueOn: string | null;
  };
  [JobName.SendMail]: { mailId: string };
  [JobName.GenerateReport]: { reportId: string };
  [JobName.SweepReports]: Record<string, never>;
}

/** Which queue carries each job. */
export const JOB_QUEUE: { readonly [J in JobName]: QueueName } = {
  [JobName.VerifyAuditChain]: QueueName.Maintenance,
  [JobName.ScanReminders]: QueueName.Reminders,
  [JobName.ScanDigests]: QueueName.Reminders,
  [JobName.DeliverReminder]: QueueName.Reminders,
  [JobName.SendMail]: QueueName.Mail,
  [JobName.GenerateReport]: QueueName.Reports,
  [JobName.SweepReports]: QueueName.Maintenance,
};

/** Jobs run at once per worker process and queue: report rendering is CPU-heavy, the rest mostly waits on I/O. */
export const QUEUE_CONCURRENCY: { readonly [Q in QueueName]: number } = {
  [QueueName.Maintenance]: 2,
  [QueueName.Reminders]: 10,
  [QueueName.Mail]: 5,
  [QueueName.Reports]: 2,
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
