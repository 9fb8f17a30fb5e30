// Remembers the answers to writes sent with an Idempotency-Key, replays them to retries, and knows which are under way.
import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../http-exception.filter';
import {
  IdempotencyAnswerLostError,
  IdempotencyInProgressError,
  IdempotencyKeyReusedError,
} from './idempotency.exception';
import {
  type IdempotentRequest,
  KEY_LIFETIME,
  PROCESS_INSTANCE,
  setCurrentIdempotentRequest,
} from './idempotent-request';

export interface StoredAnswer {
  status: number;
  /** JSON text, or '' for no body. */
  body: string;
  headers: Record<string, string>;
}

interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Claims the key (answer null) or records the answer. A live row of another run is left alone and nothing is
 * returned: that run got there first. The same run may write its row again, and an expired row is taken over.
 */
const UPSERT = `
  INSERT INTO idempotency_keys AS k
    (id, key, user_id, method, path, body_hash, attempt, instance, status, response_body, response_headers,
     created_at, completed_at, expires_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), CASE WHEN $9::smallint IS NULL THEN NULL ELSE now() END,
          now() + interval '${KEY_LIFETIME}')
  ON CONFLICT (id) DO UPDATE SET
    key = EXCLUDED.key, user_id = EXCLUDED.user_id, method = EXCLUDED.method, path = EXCLUDED.path,
    body_hash = EXCLUDED.body_hash, attempt = EXCLUDED.attempt, instance = EXCLUDED.instance,
    status = EXCLUDED.status, response_body = EXCLUDED.response_body, response_headers = EXCLUDED.response_headers,
    completed_at = EXCLUDED.completed_at,
    created_at = CASE WHEN k.attempt = EXCLUDED.attempt THEN k.created_at ELSE EXCLUDED.created_at END,
    expires_at = CASE WHEN k.attempt = EXCLUDED.attempt THEN k.expires_at ELSE EXCLUDED.expires_at END
  WHERE k.attempt = EXCLUDED.attempt OR k.expires_at <= now()
  RETURNING id`;

async function upsert(db: Queryable, request: IdempotentRequest, answer: StoredAnswer | null): Promise<boolean> {
  const rows = (await db.query(UPSERT, [
    request.id,
    request.key,
    request.userId,
    request.method,
    request.path,
    request.bodyHash,
    request.attempt,
    PROCESS_INSTANCE,
    answer?.status ?? null,
    answer?.body ?? null,
    answer ? JSON.stringify(answer.headers) : null,
  ])) as unknown[];
  return rows.length > 0;
}

/**
 * Claims the request's key inside the transaction of its first write, so that the claim and the write are committed
 * (or lost) together. A retry that finds the claim knows the write was made, even when the answer never got out. If
 * another run holds the key, this transaction must not commit: the error rolls it back.
 */
export async function claimIdempotencyKey(db: Queryable, request: IdempotentRequest): Promise<void> {
  if (!(await upsert(db, request, null))) {
    request.lostRace = true;
    throw new IdempotencyInProgressError();
  }
}

interface KeyRow {
  method: string;
  path: string;
  body_hash: string;
  instance: string;
  status: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
  recent: boolean;
}

/** An answer that has no row yet is waited for this long before it counts as lost (another process may be on it). */
const ANSWER_GRACE = '2 minutes';
/** Answers kept in memory while the database could not take them, at most. */
const MAX_UNSAVED = 10_000;
const FLUSH_EVERY_MS = 1_000;
const PURGE_EVERY_MS = 10 * 60_000;
const PURGE_BATCH = 1_000;

@Injectable()
export class IdempotencyService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  /** Keyed requests this process is running, by row id. */
  private readonly running = new Map<string, IdempotentRequest>();
  /** Answers sent while the database was away, by row id; written as soon as it is back. */
  private readonly unsaved = new Map<string, { request: IdempotentRequest; answer: StoredAnswer }>();
  private flushTimer?: NodeJS.Timeout;
  private flushing = false;
  private lastPurge = 0;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * The answer to replay to this request, or undefined when it is new (or its key expired). Throws when the key was
   * used for another request (422), is being answered right now (409, Retry-After), or lost its answer (409).
   */
  async earlierAnswer(request: IdempotentRequest): Promise<StoredAnswer | undefined> {
    const running = this.running.get(request.id);
    if (running) {
      this.assertSameRequest(running, request);
      throw new IdempotencyInProgressError();
    }
    const unsaved = this.unsaved.get(request.id);
    if (unsaved) {
      this.assertSameRequest(unsaved.request, request);
      return unsaved.answer;
    }
    const rows: KeyRow[] = await this.dataSource.query(
      `WITH expired AS (DELETE FROM idempotency_keys WHERE id = $1 AND expires_at <= now())
       SELECT method, path, body_hash, instance, status, response_body, response_headers,
              created_at > now() - interval '${ANSWER_GRACE}' AS recent
       FROM idempotency_keys WHERE id = $1 AND expires_at > now()`,
      [request.id],
    );
    const row = rows[0];
    if (!row) return undefined;
    this.assertSameRequest({ method: row.method, path: row.path, bodyHash: row.body_hash }, request);
    if (row.status !== null) {
      return { status: row.status, body: row.response_body ?? '', headers: row.response_headers ?? {} };
    }
    // Claimed by a write, no answer yet. A run of this process that is over has lost it; another process may still
    // be finishing (or waiting for the database to take the answer) for a while.
    if (row.instance === PROCESS_INSTANCE || !row.recent) throw new IdempotencyAnswerLostError();
    throw new IdempotencyInProgressError();
  }

  /** Marks the request as running here and makes it visible to the subscriber that claims the key. */
  begin(request: IdempotentRequest): void {
    // Checked again: another request with this key may have begun while this one read the table.
    if (this.running.has(request.id)) throw new IdempotencyInProgressError();
    this.running.set(request.id, request);
    setCurrentIdempotentRequest(request);
  }

  end(request: IdempotentRequest): void {
    if (this.running.get(request.id) === request) this.running.delete(request.id);
  }

  /**
   * Records the answer. The write is already committed, so if the database is away the client still gets its answer,
   * and it is kept in memory (replayed from there) until the database takes it.
   */
  async complete(request: IdempotentRequest, answer: StoredAnswer): Promise<void> {
    try {
      await upsert(this.dataSource, request, answer);
      this.purgeExpiredNowAndThen();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) {
        this.logger.error(`could not record the answer for key ${request.key}: ${String(err)}`);
        return;
      }
      this.keepUnsaved(request, answer);
    }
  }

  private keepUnsaved(request: IdempotentRequest, answer: StoredAnswer): void {
    if (this.unsaved.size >= MAX_UNSAVED) {
      const [oldest] = this.unsaved.keys();
      this.unsaved.delete(oldest);
      this.logger.warn('too many answers waiting for the database; the oldest is dropped');
    }
    this.unsaved.set(request.id, { request, answer });
    this.flushTimer ??= setInterval(() => void this.flush(), FLUSH_EVERY_MS).unref();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const [id, { request, answer }] of this.unsaved) {
        try {
          await upsert(this.dataSource, request, answer);
        } catch (err) {
          if (isDatabaseUnavailable(err)) return;
          this.logger.error(`could not record the answer for key ${request.key}: ${String(err)}`);
        }
        this.unsaved.delete(id);
      }
      clearInterval(this.flushTimer);
      this.flushTimer = undefined;
    } finally {
      this.flushing = false;
    }
  }

  /** Expired keys are deleted when they are looked up, and in batches every few minutes, so none pile up. */
  private purgeExpiredNowAndThen(): void {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    void this.dataSource
      .query(
        `DELETE FROM idempotency_keys WHERE id IN
           (SELECT id FROM idempotency_keys WHERE expires_at <= now() ORDER BY expires_at LIMIT ${PURGE_BATCH})`,
      )
      .catch((err: unknown) => this.logger.warn(`could not delete expired keys: ${String(err)}`));
  }

  private assertSameRequest(
    earlier: Pick<IdempotentRequest, 'method' | 'path' | 'bodyHash'>,
    request: IdempotentRequest,
  ): void {
    const differs = [
      earlier.method !== request.method ? 'method' : '',
      earlier.path !== request.path ? 'path' : '',
      earlier.bodyHash !== request.bodyHash ? 'body' : '',
    ].filter(Boolean);
    if (differs.length > 0) throw new IdempotencyKeyReusedError(differs);
  }

  /** One last try for answers the database has not taken yet, while it is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.unsaved.size > 0) await this.flush();
    clearInterval(this.flushTimer);
    this.flushTimer = undefined;
  }
}
