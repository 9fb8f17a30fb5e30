// Evidence files: accepts an upload for a finding or a follow-up, lists them, and opens one for download.
// Who may call what is decided by the AccessGuard; this enforces the content rules and keeps row and file together.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthUser } from '@vigia/auth';
import { ConflictError, NotFoundError, type Page, paginate } from '@vigia/common';
import { Finding, FollowUp } from '@vigia/findings';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager } from 'typeorm';
import { EvidenceDto, type ListEvidenceQueryDto, UploadedEvidenceDto } from './dto/evidence.dto';
import { Evidence } from './evidence.entity';
import { EVIDENCE_STORAGE, type EvidenceStorage, newStorageKey } from './storage/evidence-storage';
import { detectContentType } from './upload/content-type';
import { discard, type MultipartRequest, type ReceivedUpload, UploadReceiver } from './upload/upload-receiver';

/** What the evidence is attached to. */
export type EvidenceParent = { findingId: string } | { followUpId: string };

/** An evidence file ready to stream: its metadata from the row, its bytes from the storage. */
export interface EvidenceFile {
  filename: string;
  contentType: string;
  size: number;
  stream: Readable;
}

@Injectable()
export class EvidenceService {
  private readonly logger = new Logger(EvidenceService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly receiver: UploadReceiver,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  /**
   * Receive (to a temp file, hashed and measured), check the content, store, then record. The row is committed
   * only after the bytes are stored, and the stored object is deleted again if the row cannot be committed: a
   * failed upload leaves neither a row nor a file. The temp file is always removed.
   */
  async upload(parent: EvidenceParent, request: MultipartRequest, user: AuthUser): Promise<UploadedEvidenceDto> {
    // Refused before the body is read when it can be (an approved finding); checked again under lock when recording.
    await this.parentReview(this.dataSource.manager, parent, false);
    const upload = await this.receiver.receive(request);
    try {
      const contentType = await detectContentType(upload.path, upload.filename);
      return await this.store(parent, upload, contentType, user);
    } finally {
      await discard(upload);
    }
  }

  async listForFinding(findingId: string, query: ListEvidenceQueryDto): Promise<Page<EvidenceDto>> {
    return this.list({ findingId }, query);
  }

  async listForFollowUp(followUpId: string, query: ListEvidenceQueryDto): Promise<Page<EvidenceDto>> {
    return this.list({ followUpId }, query);
  }

  async get(reviewId: string, id: string): Promise<EvidenceDto> {
    return EvidenceDto.from(await this.find(reviewId, id));
  }

  /** The row and a stream of its bytes; a row whose object is missing is a server fault (500), logged. */
  async open(reviewId: string, id: string): Promise<EvidenceFile> {
    const evidence = await this.find(reviewId, id);
    const stream = await this.storage.get(evidence.storageKey);
    return {
      filename: evidence.filename,
      contentType: evidence.contentType,
      size: Number(evidence.size),
      stream,
    };
  }

  private async store(
    parent: EvidenceParent,
    upload: ReceivedUpload,
    contentType: string,
    user: AuthUser,
  ): Promise<UploadedEvidenceDto> {
    const key = newStorageKey();
    // Stored before the transaction opens: the insert's audit row takes the audit chain's lock until commit, and no
    // transaction (nor a pooled connection) should wait on a disk or network write of up to EVIDENCE_MAX_BYTES.
    await this.storage.put(key, { path: upload.path });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const reviewId = await this.parentReview(manager, parent, true);
        const repo = manager.getRepository(Evidence);
        // Through the repository, so the audit subscriber writes the insert's trail row in this transaction.
        const saved = await repo.save(
          repo.create({
            reviewId,
            findingId: 'findingId' in parent ? parent.findingId : null,
            followUpId: 'followUpId' in parent ? parent.followUpId : null,
            filename: upload.filename,
            contentType,
            size: String(upload.size),
            sha256: upload.sha256,
            storageKey: key,
            uploadedById: user.id,
          }),
        );
        return UploadedEvidenceDto.from(saved);
      });
    } catch (err) {
      await this.storage.delete(key).catch((deleteErr: unknown) => {
        // The row was not committed, so nothing refers to the object: it is garbage, not data loss.
        this.logger.error({ err: deleteErr, key }, 'could not delete the stored object of a failed evidence upload');
      });
      throw err;
    }
  }

  /**
   * The review the evidence belongs to: its parent's. With `lock` (inside the transaction) the parent is read under
   * a share lock, so it cannot be deleted or approved until the row is committed. An approved finding is locked:
   * evidence is part of what it rests on.
   */
  private async parentReview(manager: EntityManager, parent: EvidenceParent, lock: boolean): Promise<string> {
    const share = lock ? { lock: { mode: 'pessimistic_read' as const } } : {};
    if ('findingId' in parent) {
      const finding = await manager.getRepository(Finding).findOne({
        where: { id: parent.findingId },
        select: { id: true, reviewId: true, status: true },
        ...share,
      });
      if (!finding) throw new NotFoundError('Finding');
      if (finding.status === 'approved') {
        throw new ConflictError('The finding is approved and locked; reopen it to add evidence');
      }
      return finding.reviewId;
    }
    const followUp = await manager.getRepository(FollowUp).findOne({
      where: { id: parent.followUpId },
      select: { id: true, reviewId: true },
      ...share,
    });
    if (!followUp) throw new NotFoundError('Follow-up');
    return followUp.reviewId;
  }

  private async list(where: EvidenceParent, query: ListEvidenceQueryDto): Promise<Page<EvidenceDto>> {
    const qb = this.dataSource.getRepository(Evidence).createQueryBuilder('e').innerJoinAndSelect('e.uploadedBy', 'u');
    if ('findingId' in where) qb.where('e.findingId = :findingId', where);
    else qb.where('e.followUpId = :followUpId', where);
    const page = await paginate(qb, {
      sortColumn: 'e.createdAt',
      sortProperty: 'createdAt',
      idColumn: 'e.id',
      direction: 'ASC',
      limit: query.limit,
      cursor: query.cursor,
    });
    return { items: page.items.map((e) => EvidenceDto.from(e)), nextCursor: page.nextCursor };
  }

  private async find(reviewId: string, id: string): Promise<Evidence> {
    const evidence = await this.dataSource
      .getRepository(Evidence)
      .findOne({ where: { id, reviewId }, relations: { uploadedBy: true } });
    if (!evidence) throw new NotFoundError('Evidence');
    return evidence;
  }
}
