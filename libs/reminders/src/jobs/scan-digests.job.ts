// The managers' weekly digest through the queue: Mondays at 07:00 UTC, and on an admin's request.
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, jobId, JobName, QueueService } from '@vigia/queue';
import { randomUUID } from 'node:crypto';
import type { JobAcceptedDto } from '../dto/job-accepted.dto';
import { ReminderScanService, type ScanResult } from '../reminder-scan.service';

/** Monday morning in Mexico City is 07:00 UTC less six hours: early enough to plan the week with it. */
export const DIGEST_SCHEDULE = '0 7 * * 1';

@Injectable()
export class ScanDigestsJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly scans: ReminderScanService,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(JobName.ScanDigests, { pattern: DIGEST_SCHEDULE }, {});
  }

  /** Safe to run twice: one digest per manager, review and ISO week. */
  @JobHandler(JobName.ScanDigests)
  async run(): Promise<ScanResult> {
    const result = await this.scans.scanDigests();
    if (result.enqueued > 0) {
      this.logger.log(`Digest scan: ${result.enqueued} digests about ${result.candidates} reviews queued`);
    }
    return result;
  }

  async enqueueNow(): Promise<JobAcceptedDto> {
    const id = jobId(JobName.ScanDigests, 'now', randomUUID());
    await this.queues.add(JobName.ScanDigests, {}, { jobId: id });
    return { jobId: id };
  }
}
