// Receives one multipart file: streams it to a temp file under DATA_DIR/tmp while hashing and counting it.
import type { Multipart, MultipartFile } from '@fastify/multipart';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainException, ErrorCode, InvalidInputError } from '@vigia/common';
import { APP_CONFIG, type AppConfig } from '@vigia/config';
import type { FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cleanFilename } from './filename';

/** The multipart field that carries the file. */
export const FILE_FIELD = 'file';

const TEMP_PREFIX = 'evidence-upload-';
/** Temp files older than this were left by a crash; younger ones may be another process's upload in flight. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

/** What a request handler hands over: only the multipart part of Fastify's request. */
export type MultipartRequest = Pick<FastifyRequest, 'isMultipart' | 'parts'>;

/** A complete upload on local disk. The caller owns `path` and must remove it (see `discard`). */
export interface ReceivedUpload {
  path: string;
  /** Cleaned of paths and control characters. */
  filename: string;
  size: number;
  sha256: string;
}

const MEBIBYTE = 1024 * 1024;
const describeBytes = (bytes: number): string =>
  bytes >= MEBIBYTE && bytes % MEBIBYTE === 0 ? `${bytes / MEBIBYTE} MiB (${bytes} bytes)` : `${bytes} bytes`;

/** The errors @fastify/multipart raises for its limits (the plugin's options are set in bootstrap.ts). */
const LIMIT_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

@Injectable()
export class UploadReceiver implements OnModuleInit {
  private readonly tempDir: string;
  private readonly maxBytes: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.tempDir = join(config.dataDir, 'tmp');
    this.maxBytes = config.evidence.maxBytes;
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tempDir, { recursive: true });
    const now = Date.now();
    for (const name of await readdir(this.tempDir)) {
      if (!name.startsWith(TEMP_PREFIX)) continue;
      const info = await stat(join(this.tempDir, name)).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(join(this.tempDir, name), { force: true });
    }
  }

  /**
   * Reads the whole multipart body: exactly one file, in the field `file`; other text fields are ignored. Nothing
   * is left on disk when this throws: 413 past the size limit or for a second file, 415 when the request is not
   * multipart, 400 when there is no file or the body is malformed.
   */
  async receive(request: MultipartRequest): Promise<ReceivedUpload> {
    if (!request.isMultipart()) {
      throw new DomainException(
        ErrorCode.UnsupportedMediaType,
        `Send the file as multipart/form-data, in a field named "${FILE_FIELD}"`,
      );
    }
    let received: ReceivedUpload | undefined;
    try {
      for await (const part of this.partsOf(request)) {
        if (part.type !== 'file') continue;
        if (part.fieldname !== FILE_FIELD) {
          throw new InvalidInputError(`The file must be sent in the field "${FILE_FIELD}"`, [
            { field: FILE_FIELD, messages: [`a file arrived in the field "${part.fieldname}" instead`] },
          ]);
        }
        // The plugin allows one file per request; a second one surfaces as FST_FILES_LIMIT from the iterator.
        received = await this.saveToTemp(part);
      }
    } catch (err) {
      if (received) await discard(received);
      throw err;
    }
    if (!received) {
      throw new InvalidInputError(`No file: send it in the multipart field "${FILE_FIELD}"`, [
        { field: FILE_FIELD, messages: ['a file is required'] },
      ]);
    }
    if (received.size === 0) {
      await discard(received);
      throw new InvalidInputError('The file is empty', [{ field: FILE_FIELD, messages: ['the file is empty'] }]);
    }
    return received;
  }

  /** The plugin's parts, with its limit and parser errors turned into the API's answers. */
  private async *partsOf(request: MultipartRequest): AsyncGenerator<Multipart> {
    const iterator = request.parts();
    while (true) {
      let next: IteratorResult<Multipart>;
      try {
        next = await iterator.next();
      } catch (err) {
        throw this.translate(err);
      }
      if (next.done) return;
      yield next.value;
    }
  }

  private async saveToTemp(part: MultipartFile): Promise<ReceivedUpload> {
    const path = join(this.tempDir, `${TEMP_PREFIX}${randomUUID()}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const upload = { path, filename: cleanFilename(part.filename), size: 0, sha256: '' };
    try {
      await mkdir(this.tempDir, { recursive: true });
      await pipeline(part.file, measure, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      await discard(upload);
      throw this.translate(err);
    }
    // Past the limit the plugin stops the stream early and marks it truncated: what we have is not the file.
    if (part.file.truncated) {
      await discard(upload);
      throw this.tooLarge();
    }
    return { ...upload, size, sha256: hash.digest('hex') };
  }

  private tooLarge(): DomainException {
    return new DomainException(
      ErrorCode.PayloadTooLarge,
      `The file is larger than the limit of ${describeBytes(this.maxBytes)} (EVIDENCE_MAX_BYTES)`,
      [{ maxBytes: this.maxBytes }],
    );
  }

  /**
   * Limits become 413. Anything else the multipart parser raises (a cut-off body, a missing boundary, a bad part
   * header) is the client's malformed request: 400, never 500. Errors of our own disk (ENOSPC, EACCES) stay
   * server errors.
   */
  private translate(err: unknown): unknown {
    if (err instanceof DomainException) return err;
    const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
    const code = typeof e?.code === 'string' ? e.code : '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') return this.tooLarge();
    if (code === 'FST_FILES_LIMIT') {
      return new DomainException(ErrorCode.PayloadTooLarge, 'Send one file per request');
    }
    if (LIMIT_CODES.has(code)) {
      return new DomainException(ErrorCode.PayloadTooLarge, 'The multipart body has too many parts or fields');
    }
    if (/^E[A-Z]+$/.test(code) && code !== 'ECONNRESET') return err;
    const detail = typeof e?.message === 'string' ? `: ${e.message}` : '';
    return new InvalidInputError(`The multipart body is malformed${detail}`);
  }
}

/** Removes an upload's temp file; safe to call twice. */
export async function discard(upload: Pick<ReceivedUpload, 'path'>): Promise<void> {
  await rm(upload.path, { force: true });
}
