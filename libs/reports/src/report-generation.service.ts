// Generates a requested report (load, render, store, record) and keeps its status true through retries and crashes.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Locale } from '@vigia/common';
import { type EvidenceStorage, newStorageKey } from '@vigia/evidence';
import { jobId, JobName, QueueService } from '@vigia/queue';
import { UnrecoverableError } from 'bullmq';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { SUPPORTED_FORMATS } from './render';
import { ReportRenderPool } from './render/report-render-pool';
import type { RenderedReport } from './report-data';
import { ReportDataService } from './report-data.service';
import type { ReportFormat, ReportKind } from './report.entity';
import { lockReport } from './report-lock';
import { REPORT_STORAGE } from './storage/report-storage.provider';

/** A report still `queued` or `running` this long after its last change is checked against its job. */
export const STALE_AFTER_MINUTES = 10;
/** Reports checked per sweep; the rest wait for the next one. */
const SWEEP_BATCH = 500;
/** The error column keeps the start of a very long message. */
const MAX_ERROR_LENGTH = 2000;

interface StartedReport {
  reviewId: string;
  kind: ReportKind;
  format: ReportFormat;
  locale: Locale;
}

export interface SweepResult {
  /** Reports whose job was gone and was added again. */
  requeued: string[];
  /** Reports whose job had failed for good, now marked failed. */
  failed: string[];
}

const reasonOf = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH) || 'unknown error';

const UNFINISHED = `status IN ('queued', 'running')`;

@Injectable()
export class ReportGenerationService {
  private readonly logger = new Logger('Reports');

  constructor(
    private readonly dataSource: DataSource,
    private readonly reportData: ReportDataService,
    private readonly queues: QueueService,
    private readonly renderer: ReportRenderPool,
    @Inject(REPORT_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  /**
   * One attempt. Safe to run twice and after a crash: a report already `done` or `failed`, or gone with its review,
   * is left alone, and one left `running` by a dead worker is simply generated again. On an error the report goes
   * back to `queued` with the reason (a retry is pending) and the error is rethrown for the queue to retry.
   */
  async generate(reportId: string): Promise<void> {
    const report = await this.start(reportId);
    if (!report) return;
    try {
      const allowed = SUPPORTED_FORMATS[report.kind];
      if (!allowed.includes(report.format)) {
        // Refused over HTTP; a row that got here another way can never render, so no retry is worth it.
        throw new UnrecoverableError(
          `a ${report.kind} report is available as ${allowed.join(', ')}, not as ${report.format}`,
        );
      }
      const data = await this.reportData.load(report.reviewId, report.kind, report.locale);
      // Rendered on a thread of its own: the api's event loop keeps answering while a long PDF is laid out.
      await this.store(reportId, await this.renderer.render(data, report.format));
    } catch (err) {
      if (!(await this.retryPending(reportId, reasonOf(err)))) {
        this.logger.warn(
          `report ${reportId}: attempt failed after the report was removed or settled: ${reasonOf(err)}`,
        );
        return;
      }
      throw err;
    }
  }

  /** The job failed for good (retries spent, unrecoverable, or its worker died too often): the report too. */
  async fail(reportId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE reports SET status = 'failed', error = $2, finished_at = now(), updated_at = now(), version = version + 1
       WHERE id = $1 AND ${UNFINISHED}`,
      [reportId, reason.slice(0, MAX_ERROR_LENGTH)],
    );
  }

  /**
   * Reports unfinished for a while are checked against their job: a job that is gone (lost with a Redis flush, or
   * never added) is added again; a job that failed while its failure could not be recorded (the database was down
   * when the hook ran) fails its report. So no report stays `queued` or `running` for ever.
   */
  async sweep(): Promise<SweepResult> {
    // Served by ix_reports_unfinished (partial index on updated_at).
    const stale = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM reports
       WHERE ${UNFINISHED} AND updated_at < now() - make_interval(mins => $1)
       ORDER BY updated_at LIMIT $2`,
      [STALE_AFTER_MINUTES, SWEEP_BATCH],
    );
    const result: SweepResult = { requeued: [], failed: [] };
    const checked = await Promise.all(
      stale.map(async ({ id }) => {
        const job = await this.queues.getJob(JobName.GenerateReport, jobId(JobName.GenerateReport, id));
        return { id, job, state: job ? await job.getState() : 'missing' };
      }),
    );
    for (const { id, job, state } of checked) {
      if (state === 'failed') {
        await this.fail(id, `generation was interrupted: ${job?.failedReason || 'the job failed'}`);
        result.failed.push(id);
      } else if (state === 'missing' || state === 'unknown') {
        result.requeued.push(id);
      } else if (state === 'completed') {
        // Finished without settling the report (its row was reset by hand): the kept job blocks a new one with
        // the same id, so it goes first.
        await job?.remove().catch(() => undefined);
        result.requeued.push(id);
      }
      // waiting, delayed (a retry pending) or active: the queue is still on it.
    }
    await this.queues.addBulk(
      JobName.GenerateReport,
      result.requeued.map((id) => ({ payload: { reportId: id }, jobId: jobId(JobName.GenerateReport, id) })),
    );
    if (result.requeued.length + result.failed.length > 0) {
      this.logger.warn(
        `sweep: ${result.requeued.length} report job(s) added again, ${result.failed.length} report(s) failed`,
      );
    }
    return result;
  }

  /** Marks the attempt, once the request that inserted the row has committed (see lockReport). */
  private start(reportId: string): Promise<StartedReport | undefined> {
    return this.dataSource.transaction(async (manager) => {
      await lockReport(manager, reportId);
      // The error of the previous attempt is kept until one succeeds.
      const [rows] = await manager.query<[StartedReport[], number]>(
        `UPDATE reports
         SET status = 'running', attempts = attempts + 1, started_at = now(), updated_at = now(), version = version + 1
         WHERE id = $1 AND ${UNFINISHED}
         RETURNING review_id AS "reviewId", kind, format, locale`,
        [reportId],
      );
      return rows[0];
    });
  }

  /**
   * Stores the file, then records it under a lock on the row. A duplicate run that finished first, or a report
   * removed with its review meanwhile, keeps nothing: the object just stored is deleted again.
   */
  private async store(reportId: string, rendered: RenderedReport): Promise<void> {
    const key = newStorageKey();
    const sha256 = createHash('sha256').update(rendered.body).digest('hex');
    // Stored before the transaction opens: no row lock is held while bytes travel to the disk or S3.
    await this.storage.put(key, Readable.from([rendered.body]));
    let recorded = false;
    try {
      recorded = await this.dataSource.transaction(async (manager) => {
        const [row] = await manager.query<{ status: string }[]>('SELECT status FROM reports WHERE id = $1 FOR UPDATE', [
          reportId,
        ]);
        if (!row || (row.status !== 'queued' && row.status !== 'running')) return false;
        await manager.query(
          `UPDATE reports
           SET status = 'done', error = NULL, finished_at = now(), updated_at = now(), version = version + 1,
               storage_key = $2, file_name = $3, content_type = $4, size_bytes = $5, sha256 = $6
           WHERE id = $1`,
          [reportId, key, rendered.fileName, rendered.contentType, rendered.body.length, sha256],
        );
        return true;
      });
    } finally {
      if (!recorded) await this.discard(key);
    }
  }

  /** Back to `queued` with the reason while a retry is pending; false when the report is gone or settled. */
  private async retryPending(reportId: string, reason: string): Promise<boolean> {
    try {
      const [, count] = await this.dataSource.query<[unknown[], number]>(
        `UPDATE reports SET status = 'queued', error = $2, updated_at = now(), version = version + 1
         WHERE id = $1 AND ${UNFINISHED}`,
        [reportId, reason],
      );
      return count > 0;
    } catch (err) {
      // The database is down, say: the queue retries all the same, and the sweep settles the report if it cannot.
      this.logger.error(`report ${reportId}: could not record the failed attempt: ${reasonOf(err)}`);
      return true;
    }
  }

  private async discard(key: string): Promise<void> {
    await this.storage.delete(key).catch((err: unknown) => {
      // No row refers to the object: it is garbage, not data loss.
      this.logger.error(`could not delete the unrecorded report object ${key}: ${reasonOf(err)}`);
    });
  }
}
