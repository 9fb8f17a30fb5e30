// Generates one requested report through the queue, and fails it for good once the queue gives up on it.
import { Injectable } from '@nestjs/common';
import { JobFailedHandler, JobHandler, JobName, type JobPayloads } from '@vigia/queue';
import type { Job } from 'bullmq';
import { ReportGenerationService } from '../report-generation.service';

@Injectable()
export class GenerateReportJob {
  constructor(private readonly generation: ReportGenerationService) {}

  /** Safe to run twice: a finished report is left alone, one left `running` by a dead worker is generated again. */
  @JobHandler(JobName.GenerateReport)
  run(payload: JobPayloads[JobName.GenerateReport]): Promise<void> {
    return this.generation.generate(payload.reportId);
  }

  /** Retries spent, an input that can never render, or a worker that died with it twice. */
  @JobFailedHandler(JobName.GenerateReport)
  failed(payload: JobPayloads[JobName.GenerateReport], _job: Job, error: Error): Promise<void> {
    return this.generation.fail(payload.reportId, error.message);
  }
}
