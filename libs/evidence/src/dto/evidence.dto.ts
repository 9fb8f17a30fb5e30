// What the api answers about evidence files, and the multipart body it accepts.
import { ApiProperty } from '@nestjs/swagger';
import { PageQueryDto } from '@vigia/common';
import type { Evidence } from '../evidence.entity';

/** The answer to an upload (201), as API.md fixes it. */
export class UploadedEvidenceDto {
  id!: string;
  /** The client's name, cleaned of paths and control characters. */
  filename!: string;
  /** Detected from the content, never taken from the client. */
  contentType!: string;
  /** In bytes. */
  size!: number;
  /** Hex SHA-256 of the bytes, for checking a copy against the original. */
  sha256!: string;

  static from(e: Evidence): UploadedEvidenceDto {
    return Object.assign(new UploadedEvidenceDto(), {
      id: e.id,
      filename: e.filename,
      contentType: e.contentType,
      size: Number(e.size),
      sha256: e.sha256,
    });
  }
}

export class EvidenceDto extends UploadedEvidenceDto {
  /** Set for evidence of a finding; exactly one of findingId and followUpId is set. */
  findingId!: string | null;
  /** Set for evidence of a follow-up entry. */
  followUpId!: string | null;
  uploadedById!: string;
  uploadedByName!: string;
  createdAt!: Date;

  /** `e.uploadedBy` must be loaded. */
  static override from(e: Evidence): EvidenceDto {
    return Object.assign(new EvidenceDto(), UploadedEvidenceDto.from(e), {
      findingId: e.findingId,
      followUpId: e.followUpId,
      uploadedById: e.uploadedById,
      uploadedByName: e.uploadedBy?.name ?? '',
      createdAt: e.createdAt,
    });
  }
}

export class EvidencePageDto {
  items!: EvidenceDto[];
  nextCursor!: string | null;
}

/** Query of the evidence lists: oldest first. */
export class ListEvidenceQueryDto extends PageQueryDto {}

/** The multipart body of an upload, for the OpenAPI document (the handler reads the stream itself). */
export class EvidenceUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The file. Its type is detected from its content: PDF, PNG, JPEG, GIF, WebP, docx, xlsx, pptx, odt, ods, or UTF-8 text (CSV when the name ends in .csv).',
  })
  file!: unknown;
}
