// /findings/:id/evidence, /follow-ups/:id/evidence and /evidence/:id: upload, list, metadata and download.
import { Controller, Get, Header, Param, ParseUUIDPipe, Post, Query, Req, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import {
  Access,
  ANY_MEMBER,
  type AuthUser,
  CurrentReviewAccess,
  CurrentUser,
  type MemberRole,
  type ReviewAccess,
} from '@vigia/auth';
import type { FastifyRequest } from 'fastify';
import {
  EvidenceDto,
  EvidencePageDto,
  EvidenceUploadDto,
  ListEvidenceQueryDto,
  UploadedEvidenceDto,
} from './dto/evidence.dto';
import { EvidenceService } from './evidence.service';
import { ACCEPTED_TYPES } from './upload/content-type';
import { attachmentDisposition } from './upload/filename';

/** Auditors record evidence; coordinators may too. Managers read. */
const UPLOADERS: readonly MemberRole[] = ['auditor', 'coordinator'];

@ApiTags('evidence')
@Controller()
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** Multipart, one file in the field `file`. Its type is detected from the content; the client's is ignored. */
  @Post('findings/:id/evidence')
  @Access.review(UPLOADERS, { via: 'finding' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: EvidenceUploadDto })
  @ApiCreatedResponse({ type: UploadedEvidenceDto, description: 'Stored; the type is the detected one' })
  @ApiBadRequestResponse({ description: 'No file in the field `file`, an empty file, or a malformed body' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than EVIDENCE_MAX_BYTES, or more than one file' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not multipart, or a type that is not accepted' })
  @ApiConflictResponse({ description: 'The finding is approved (locked)' })
  uploadToFinding(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<UploadedEvidenceDto> {
    return this.evidence.upload({ findingId: id }, request, user);
  }

  /** Oldest first. */
  @Get('findings/:id/evidence')
  @Access.review(ANY_MEMBER, { via: 'finding' })
  listForFinding(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListEvidenceQueryDto,
  ): Promise<EvidencePageDto> {
    return this.evidence.listForFinding(id, query);
  }

  /** Evidence of a follow-up entry; it belongs to the review the follow-up was recorded in. */
  @Post('follow-ups/:id/evidence')
  @Access.review(UPLOADERS, { via: 'follow-up' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: EvidenceUploadDto })
  @ApiCreatedResponse({ type: UploadedEvidenceDto, description: 'Stored; the type is the detected one' })
  @ApiBadRequestResponse({ description: 'No file in the field `file`, an empty file, or a malformed body' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than EVIDENCE_MAX_BYTES, or more than one file' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not multipart, or a type that is not accepted' })
  uploadToFollowUp(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() request: FastifyRequest,
    @CurrentUser() user: AuthUser,
  ): Promise<UploadedEvidenceDto> {
    return this.evidence.upload({ followUpId: id }, request, user);
  }

  /** Oldest first. */
  @Get('follow-ups/:id/evidence')
  @Access.review(ANY_MEMBER, { via: 'follow-up' })
  listForFollowUp(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: ListEvidenceQueryDto,
  ): Promise<EvidencePageDto> {
    return this.evidence.listForFollowUp(id, query);
  }

  @Get('evidence/:id')
  @Access.review(ANY_MEMBER, { via: 'evidence' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentReviewAccess() access: ReviewAccess): Promise<EvidenceDto> {
    return this.evidence.get(access.reviewId, id);
  }

  /**
   * The bytes, as an attachment with the detected type. nosniff keeps a browser from reinterpreting them, and the
   * file is confidential to the review: no shared cache may keep it.
   */
  @Get('evidence/:id/file')
  @Access.review(ANY_MEMBER, { via: 'evidence' })
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces(...ACCEPTED_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentReviewAccess() access: ReviewAccess,
  ): Promise<StreamableFile> {
    const file = await this.evidence.open(access.reviewId, id);
    return new StreamableFile(file.stream, {
      // Text was checked to be UTF-8 on the way in; saying so spares clients a guess.
      type: file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType,
      disposition: attachmentDisposition(file.filename),
      length: file.size,
    });
  }
}
