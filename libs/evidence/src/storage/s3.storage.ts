// Evidence in an S3-compatible object store (AWS S3, MinIO, Ceph...), streamed in and out with the AWS SDK v3.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '@vigia/config';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertStorageKey,
  type EvidenceStorage,
  type StorageSource,
  StoredObjectMissingError,
} from './evidence-storage';

export type S3StorageOptions = AppConfig['evidence']['s3'] & { bucket: string };

const isMissing = (err: unknown): boolean =>
  err instanceof S3ServiceException &&
  (err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata.httpStatusCode === 404);

/**
 * One PutObject per file: S3 accepts up to 5 GiB in a single PUT and EVIDENCE_MAX_BYTES stops at 1 GiB, so no
 * multipart upload is needed. S3 makes an object visible only once its PUT completed, so a failed put leaves
 * nothing under the key.
 */
export class S3Storage implements EvidenceStorage, OnModuleDestroy {
  private readonly client: S3Client;
  private readonly bucket: string;

  /** `spoolDir` holds streams of unknown length while they are measured (S3 needs the length up front). */
  constructor(
    options: S3StorageOptions,
    private readonly spoolDir: string,
  ) {
    this.bucket = options.bucket;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      // Without keys in the configuration the SDK's default chain applies (environment, instance or task role).
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
      // Newer SDKs send streamed bodies aws-chunked with a trailing checksum by default; many S3-compatible servers
      // (s3rver, older MinIO and Ceph) store that framing as if it were the file. Checksums only where S3 requires
      // them; our own SHA-256 is recorded with every row.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, source: StorageSource): Promise<void> {
    assertStorageKey(key);
    if ('path' in source) {
      await this.putFile(key, source.path);
      return;
    }
    // A stream of unknown length: measured on local disk first, since a streamed PutObject needs ContentLength.
    await mkdir(this.spoolDir, { recursive: true });
    const spool = join(this.spoolDir, `evidence-s3-${randomUUID()}`);
    try {
      await pipeline(source, createWriteStream(spool, { flags: 'wx', mode: 0o600 }));
      await this.putFile(key, spool);
    } finally {
      await rm(spool, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(answer.Body instanceof Readable)) throw new Error(`S3 answered no stream for ${key}`);
      return answer.Body;
    } catch (err) {
      if (isMissing(err)) throw new StoredObjectMissingError(key);
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertStorageKey(key);
    return (await this.storedLength(key)) !== null;
  }

  onModuleDestroy(): void {
    this.client.destroy();
  }

  private async putFile(key: string, path: string): Promise<void> {
    const { size } = await stat(path);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        // The api serves the detected type from the database; the store never serves these bytes to a browser.
        ContentType: 'application/octet-stream',
      }),
    );
    // One HEAD per upload catches a server that mangled the body (the length is what such servers get wrong).
    const stored = await this.storedLength(key);
    if (stored !== size) {
      await this.delete(key).catch(() => undefined);
      throw new Error(`S3 stored ${stored ?? 'no'} bytes for ${key} instead of ${size}`);
    }
  }

  private async storedLength(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }
}
