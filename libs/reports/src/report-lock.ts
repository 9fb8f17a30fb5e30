// The lock that orders a report's insert before its job: the job may start before the request's transaction commits.
import type { EntityManager } from 'typeorm';

/** First key of the two-key advisory locks on reports (two-key locks never collide with the one-key ones in use). */
const REPORT_LOCK_CLASS = 5_120_001;

/**
 * Taken by the request that inserts a report, and by each generation attempt before it reads the row. The job is
 * added inside the request's transaction, so a worker can pick it up before the row is visible; waiting here until
 * that transaction ends means the attempt sees the committed row, or none if the request rolled back.
 */
export async function lockReport(manager: EntityManager, reportId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))', [REPORT_LOCK_CLASS, reportId]);
}
