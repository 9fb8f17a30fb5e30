// The reminder scan through the queue: every REMINDER_SCAN_EVERY_SECONDS, and on an admin's request.
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import { JobHandler, jobId, JobName, QueueService } from '@vigia/queue';
import { randomUUID } from 'node:crypto';
import type { JobAcceptedDto } from '../dto/job-accepted.dto';
import { ReminderScanService, type ScanResult } from '../reminder-scan.service';

@Injectable()
export class ScanRemindersJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly scans: ReminderScanService,
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Upserted under a fixed scheduler id, so every boot of every process keeps one schedule. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(JobName.ScanReminders, this.config.reminders.scanEverySeconds * 1000, {});
  }

  /** Safe to run twice, and beside another scan: a reminder's job id and its notification are unique. */
  @JobHandler(JobName.ScanReminders)
  async run(): Promise<ScanResult> {
    const result = await this.scans.scan();
    if (result.enqueued > 0) {
      this.logger.log(`Reminder scan: ${result.enqueued} reminders about ${result.candidates} items queued`);
    }
    return result;
  }

  /** A scan now, besides the schedule. */
  async enqueueNow(): Promise<JobAcceptedDto> {
    const id = jobId(JobName.ScanReminders, 'now', randomUUID());
    await this.queues.add(JobName.ScanReminders, {}, { jobId: id });
    return { jobId: id };
  }
}
