// Every five minutes, settles reports whose generation was lost: no report stays queued or running for ever.
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, JobName, QueueService } from '@vigia/queue';
import { ReportGenerationService, type SweepResult } from '../report-generation.service';

const SWEEP_EVERY_MS = 5 * 60 * 1000;

@Injectable()
export class SweepReportsJob implements OnApplicationBootstrap {
  constructor(
    private readonly generation: ReportGenerationService,
    private readonly queues: QueueService,
  ) {}

  /** Upserted under a fixed scheduler id, so every boot of every process keeps one schedule. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(JobName.SweepReports, SWEEP_EVERY_MS, {});
  }

  /** Safe to run twice: a re-added job has a fixed id, and failing a report already failed changes nothing. */
  @JobHandler(JobName.SweepReports)
  run(): Promise<SweepResult> {
    return this.generation.sweep();
  }
}
