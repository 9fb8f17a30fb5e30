// Report requests over HTTP: records a request and queues its generation, lists and reads them, opens a finished file.
// Who may call what is decided by the AccessGuard; this keeps the request row and its job together.
import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '@vigia/auth';
import { ConflictError, InvalidInputError, NotFoundError, type Page, paginate } from '@vigia/common';
import type { EvidenceStorage } from '@vigia/evidence';
import { jobId, JobName, QueueService } from '@vigia/queue';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { CreateReportDto } from './dto/create-report.dto';
import type { ListReportsQueryDto } from './dto/list-reports.dto';
import { ReportDto } from './dto/report.dto';
import { SUPPORTED_FORMATS } from './render';
import { Report } from './report.entity';
import { lockReport } from './report-lock';
import { REPORT_STORAGE } from './storage/report-storage.provider';

/** A finished report ready to stream: its metadata from the row, its bytes from the storage. */
export interface ReportFile {
  fileName: string;
  contentType: string;
  size: number;
  stream: Readable;
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    @Inject(REPORT_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  /**
   * Records the request and adds its job in one transaction: if the job cannot be added, the row is rolled back
   * and the caller gets 503, so no report waits for a job that does not exist.
   */
  async request(reviewId: string, dto: CreateReportDto, user: AuthUser): Promise<ReportDto> {
    const allowed = SUPPORTED_FORMATS[dto.kind];
    if (!allowed.includes(dto.format)) {
      const message = `A ${dto.kind} report is available as ${allowed.join(', ')}, not as ${dto.format}`;
      throw new InvalidInputError(message, [{ field: 'format', messages: [message] }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(Report);
      const report = await repo.save(
        repo.create({
          reviewId,
          kind: dto.kind,
          format: dto.format,
          locale: dto.locale,
          status: 'queued',
          error: null,
          attempts: 0,
          requestedById: user.id,
          startedAt: null,
          finishedAt: null,
          storageKey: null,
          fileName: null,
          contentType: null,
          sizeBytes: null,
          sha256: null,
        }),
      );
      // Held until commit: the job, which may start at once, waits for the row instead of finding none.
      await lockReport(manager, report.id);
      // A queue that refuses the job or does not answer in time fails the request with 503 and the row is rolled
      // back; a late answer after that is harmless, since a job that finds no report ends at once.
      await this.queues.add(
        JobName.GenerateReport,
        { reportId: report.id },
        { jobId: jobId(JobName.GenerateReport, report.id) },
      );
      return ReportDto.from(report);
    });
  }

  /** Newest first. */
  async list(reviewId: string, query: ListReportsQueryDto): Promise<Page<ReportDto>> {
    const qb = this.dataSource
      .getRepository(Report)
      .createQueryBuilder('r')
      .where('r.reviewId = :reviewId', { reviewId });
    const page = await paginate(qb, {
      sortColumn: 'r.createdAt',
      sortProperty: 'createdAt',
      idColumn: 'r.id',
      direction: 'DESC',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((r) => ReportDto.from(r)), nextCursor: page.nextCursor };
  }

  async get(reviewId: string, id: string): Promise<ReportDto> {
    return ReportDto.from(await this.find(reviewId, id));
  }

  /** The file of a finished report; 409 naming the status until it is `done`. A missing object is a server fault. */
  async open(reviewId: string, id: string): Promise<ReportFile> {
    const report = await this.find(reviewId, id);
    if (report.status !== 'done' || !report.storageKey) {
      throw new ConflictError(`The report is ${report.status}; its file can be downloaded once it is done`);
    }
    return {
      fileName: report.fileName ?? `report.${report.format}`,
      contentType: report.contentType ?? 'application/octet-stream',
      size: Number(report.sizeBytes),
      stream: await this.storage.get(report.storageKey),
    };
  }

  private async find(reviewId: string, id: string): Promise<Report> {
    const report = await this.dataSource.getRepository(Report).findOneBy({ id, reviewId });
    if (!report) throw new NotFoundError('Report');
    return report;
  }
}
