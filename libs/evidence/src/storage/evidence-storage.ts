// Where evidence bytes live: one small interface, a DI token, and the key scheme both implementations share.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

/** DI token of the configured EvidenceStorage (local disk or S3; see evidence-storage.provider.ts). */
export const EVIDENCE_STORAGE = Symbol('EVIDENCE_STORAGE');

/** The bytes to store: a readable stream of unknown length, or the path of a complete file on local disk. */
export type StorageSource = Readable | { path: string };

export interface EvidenceStorage {
  /**
   * Stores the bytes under `key`. Either the whole object appears under the key or nothing does: a failed or
   * interrupted put never leaves a partial object behind a real key.
   */
  put(key: string, source: StorageSource): Promise<void>;
  /** The stored bytes; rejects with StoredObjectMissingError when there is no object under the key. */
  get(key: string): Promise<Readable>;
  /** Removes the object; removing a key that holds nothing is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export class StoredObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`No stored evidence object under key ${key}`);
    this.name = 'StoredObjectMissingError';
  }
}

/**
 * `ab/cd/<uuid>`: two levels of fan-out keep local folders small, and S3 spreads keys over partitions. Each
 * upload gets a fresh key, so identical bytes uploaded twice are two objects, deleted independently.
 */
export function newStorageKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 2)}/${id.slice(2, 4)}/${id}`;
}

const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Keys come from newStorageKey only; anything else (`..`, absolute paths) is refused before it reaches a disk. */
export function assertStorageKey(key: string): void {
  if (!KEY.test(key)) throw new Error(`Not an evidence storage key: ${JSON.stringify(key)}`);
}
