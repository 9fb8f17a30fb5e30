// Daily check of the audit hash chain through the queue; a broken chain is logged as an error naming the first bad row.
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler, JobName, QueueService } from '@vigia/queue';
import { AuditService } from './audit.service';
import type { AuditVerifyDto } from './dto/audit.dto';

const DAY_MS = 24 * 60 * 60 * 1000;

@Injectable()
export class VerifyAuditChainJob implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditChain');

  constructor(
    private readonly audit: AuditService,
    private readonly queues: QueueService,
  ) {}

  /** Upserted under a fixed scheduler id, so every boot of every process keeps one daily schedule. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queues.schedule(JobName.VerifyAuditChain, DAY_MS, {});
  }

  /** Read-only, so safe to run twice; the result is kept by the queue as the job's return value. */
  @JobHandler(JobName.VerifyAuditChain)
  async run(): Promise<AuditVerifyDto> {
    const result = await this.audit.verify();
    if (!result.ok) {
      this.logger.error(
        `Audit chain broken at event ${result.firstBrokenId} (${result.checked} events checked): someone edited the trail`,
      );
    }
    return result;
  }
}
