// /reviews/:id/reports and /reports/:id: request a report, follow its generation, download the file.
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Access, ANY_MEMBER, type AuthUser, CurrentReviewAccess, CurrentUser, type ReviewAccess } from '@vigia/auth';
import { CreateReportDto } from './dto/create-report.dto';
import { ListReportsQueryDto } from './dto/list-reports.dto';
import { ReportDto, ReportPageDto } from './dto/report.dto';
import { ReportsService } from './reports.service';

/** What the renderers produce: PDF, HTML, CSV and XLSX. */
const REPORT_CONTENT_TYPES = [
  'application/pdf',
  'text/html',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** The renderers name files in ASCII; anything else is replaced, so nothing can end the header or add a parameter. */
const attachment = (fileName: string): string => `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`;

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Any member may ask; the report is generated in the background: follow it with GET /reports/:id. */
  @Post('reviews/:id/reports')
  @HttpCode(202)
  @Access.review(ANY_MEMBER)
  @ApiAcceptedResponse({ type: ReportDto, description: 'Queued for generation' })
  @ApiBadRequestResponse({ description: 'An unknown kind, format or locale, or a format the kind does not come in' })
  @ApiServiceUnavailableResponse({ description: 'The database or the job queue is unavailable; nothing was recorded' })
  request(
    @Param('id', ParseUUIDPipe) _id: string,
    @Body() dto: CreateReportDto,
    @CurrentReviewAccess() access: ReviewAccess,
    @CurrentUser() user: AuthUser,
  ): Promise<ReportDto> {
    return this.reports.request(access.reviewId, dto, user);
  }

  /** Newest first. */
  @Get('reviews/:id/reports')
  @Access.review(ANY_MEMBER)
  list(
    @Param('id', ParseUUIDPipe) _id: string,
    @Query() query: ListReportsQueryDto,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<ReportPageDto> {
    return this.reports.list(access.reviewId, query);
  }

  @Get('reports/:id')
  @Access.review(ANY_MEMBER, { via: 'report' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentReviewAccess() access: ReviewAccess): Promise<ReportDto> {
    return this.reports.get(access.reviewId, id);
  }

  /**
   * The file, as an attachment. nosniff keeps a browser from reinterpreting it (an HTML report is never rendered
   * as a page of this site), and it is confidential to the review: no shared cache may keep it.
   */
  @Get('reports/:id/file')
  @Access.review(ANY_MEMBER, { via: 'report' })
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces(...REPORT_CONTENT_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'Not generated yet, or generation failed; the message says the status' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<StreamableFile> {
    const file = await this.reports.open(access.reviewId, id);
    return new StreamableFile(file.stream, {
      type: file.contentType,
      disposition: attachment(file.fileName),
      length: file.size,
    });
  }
}
