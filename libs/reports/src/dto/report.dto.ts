// What the api answers about a requested report: the request, how its generation went, and the file once done.
import { ApiProperty } from '@nestjs/swagger';
import { type Locale, LOCALES } from '@vigia/common';
import {
  type Report,
  REPORT_FORMATS,
  REPORT_KINDS,
  REPORT_STATUSES,
  type ReportFormat,
  type ReportKind,
  type ReportStatus,
} from '../report.entity';

export class ReportDto {
  id!: string;
  reviewId!: string;
  @ApiProperty({ enum: REPORT_KINDS })
  kind!: ReportKind;
  @ApiProperty({ enum: REPORT_FORMATS })
  format!: ReportFormat;
  @ApiProperty({ enum: LOCALES })
  locale!: Locale;
  /** `queued` (also while a retry is pending), `running`, then `done` or `failed` for good. */
  @ApiProperty({ enum: REPORT_STATUSES })
  status!: ReportStatus;
  /** Why the last attempt failed: kept while a retry is pending, and for good once `failed`; null once `done`. */
  error!: string | null;
  /** Generation attempts started so far. */
  attempts!: number;
  requestedById!: string;
  createdAt!: Date;
  updatedAt!: Date;
  /** When the latest attempt started. */
  startedAt!: Date | null;
  /** When it ended `done` or `failed`. */
  finishedAt!: Date | null;
  /** Set once `done`: the name the download is offered under. */
  fileName!: string | null;
  contentType!: string | null;
  /** In bytes. */
  sizeBytes!: number | null;
  /** Hex SHA-256 of the file, for checking a copy. */
  sha256!: string | null;

  static from(r: Report): ReportDto {
    return Object.assign(new ReportDto(), {
      id: r.id,
      reviewId: r.reviewId,
      kind: r.kind,
      format: r.format,
      locale: r.locale,
      status: r.status,
      error: r.error,
      attempts: r.attempts,
      requestedById: r.requestedById,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      fileName: r.fileName,
      contentType: r.contentType,
      sizeBytes: r.sizeBytes === null ? null : Number(r.sizeBytes),
      sha256: r.sha256,
    });
  }
}

export class ReportPageDto {
  items!: ReportDto[];
  nextCursor!: string | null;
}
