// Evidence on the local disk under DATA_DIR/evidence: written to a temp file, then renamed into place.
import { Logger, type OnModuleInit } from '@nestjs/common';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  assertStorageKey,
  type EvidenceStorage,
  type StorageSource,
  StoredObjectMissingError,
} from './evidence-storage';

/** Temp files older than this are left over from a crash (no put takes a day) and are swept at start. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

const isNotFound = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export class LocalDiskStorage implements EvidenceStorage, OnModuleInit {
  private readonly logger = new Logger(LocalDiskStorage.name);
  /**
   * Inside the root, so on the same filesystem as every key: rename() is then atomic, and a crash leaves at worst
   * a stray temp file here, never a partial file under a real key. Keys are hex, so `.tmp` can never be one.
   */
  private readonly tempDir: string;

  constructor(readonly root: string) {
    this.tempDir = join(root, '.tmp');
  }

  async onModuleInit(): Promise<void> {
    await this.sweepTempFiles();
  }

  async put(key: string, source: StorageSource): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(this.tempDir, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const temp = join(this.tempDir, randomUUID());
    try {
      const input = 'path' in source ? createReadStream(source.path) : source;
      // flush: fsync before close, so the rename below never publishes bytes that are still only in the page cache.
      await pipeline(input, createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true }));
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    await this.syncDirectory(dirname(target));
  }

  async get(key: string): Promise<Readable> {
    // Opened before returning, so a missing file is an error here and not half-way through a response.
    const handle = await open(this.pathOf(key), 'r').catch((err: unknown) => {
      throw isNotFound(err) ? new StoredObjectMissingError(key) : err;
    });
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  /** Removes temp files a crash left behind; young ones may belong to a put in flight in another process. */
  async sweepTempFiles(now = Date.now()): Promise<void> {
    const names = await readdir(this.tempDir).catch((err: unknown) => {
      if (isNotFound(err)) return [] as string[];
      throw err;
    });
    for (const name of names) {
      const path = join(this.tempDir, name);
      const info = await stat(path).catch(() => null);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
  }

  private pathOf(key: string): string {
    assertStorageKey(key);
    return join(this.root, ...key.split('/'));
  }

  /** Makes the rename itself durable; best effort, since some platforms cannot open a directory. */
  private async syncDirectory(path: string): Promise<void> {
    try {
      const handle = await open(path, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (err) {
      this.logger.debug(`could not fsync ${path}: ${String(err)}`);
    }
  }
}
