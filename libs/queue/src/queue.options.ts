// What QueueModule.register is told by the process that hosts it.
export interface QueueModuleOptions {
  databaseUrl: string;
  redisUrl?: string;
  /** Run this process's job handlers (BullMQ workers); without it the process only adds jobs. */
  processors: boolean;
  /** Redis key namespace; defaults to one derived from the database name. */
  prefix?: string;
  /**
   * How long a running job's lock lasts without renewal (default 60 s). A worker that dies mid-job loses the lock after
   * this long, and another worker runs the job again (stalled-job recovery).
   */
  lockMs?: number;
}

export const QUEUE_OPTIONS = Symbol('vigia:queue-options');
