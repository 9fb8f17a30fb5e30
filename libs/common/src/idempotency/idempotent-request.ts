// What identifies a write sent with an Idempotency-Key, and where the request's handler and subscribers find it.
import { createHash, randomUUID } from 'node:crypto';
import { ClsServiceManager } from 'nestjs-cls';
import type { QueryRunner } from 'typeorm';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_REPLAYED_HEADER = 'idempotency-replayed';

/** 1 to 255 visible ASCII characters: a UUID, a ULID or any token a client makes up. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The methods that change something; GET and HEAD ignore the header. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** How long a key is remembered. */
export const KEY_LIFETIME = '24 hours';

/** This process: a row it claimed whose run is no longer under way here has lost its answer. */
export const PROCESS_INSTANCE = randomUUID();

export interface IdempotentRequest {
  /** Row id: SHA-256 of the caller and the key. */
  id: string;
  key: string;
  userId: string | null;
  method: string;
  /** Path and query string. */
  path: string;
  bodyHash: string;
  /** This run of the request. */
  attempt: string;
  /**
   * The claim on the key, made by the first write the request commits: `pending` while the transaction that made it
   * is open (on `claimRunner`), `committed` once it is durable with the write.
   */
  claim: 'none' | 'pending' | 'committed';
  claimRunner?: QueryRunner;
  /** Another run with the same key claimed it first; this one's transaction was rolled back. */
  lostRace?: boolean;
}

export function isValidIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_PATTERN.test(value);
}

export function idempotencyRowId(userId: string | null, key: string): string {
  return createHash('sha256')
    .update(userId ? `user:${userId}` : 'anonymous')
    .update('\n')
    .update(key)
    .digest('hex');
}

type Piece = { value: unknown } | { text: string };

/**
 * SHA-256 of the body as canonical JSON (object keys sorted), so a retry that orders its fields differently is the
 * same request. Walked with a stack of its own: a deeply nested body cannot exhaust the call stack. No body hashes as
 * the empty string.
 */
export function bodyHash(body: unknown): string {
  const hash = createHash('sha256');
  if (body === undefined) return hash.digest('hex');
  const stack: Piece[] = [{ value: body }];
  while (stack.length > 0) {
    const piece = stack.pop()!;
    if ('text' in piece) {
      hash.update(piece.text);
      continue;
    }
    const value = piece.value;
    if (Array.isArray(value)) {
      const parts: Piece[] = [{ text: '[' }];
      value.forEach((item: unknown, i) => {
        if (i > 0) parts.push({ text: ',' });
        parts.push({ value: item });
      });
      parts.push({ text: ']' });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    } else if (value !== null && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const parts: Piece[] = [{ text: '{' }];
      Object.keys(record)
        .sort()
        .forEach((k, i) => {
          if (i > 0) parts.push({ text: ',' });
          parts.push({ text: `${JSON.stringify(k)}:` }, { value: record[k] });
        });
      parts.push({ text: '}' });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    } else {
      hash.update(JSON.stringify(value) ?? 'null');
    }
  }
  return hash.digest('hex');
}

export function newIdempotentRequest(
  key: string,
  userId: string | null,
  method: string,
  path: string,
  body: unknown,
): IdempotentRequest {
  return {
    id: idempotencyRowId(userId, key),
    key,
    userId,
    method,
    path,
    bodyHash: bodyHash(body),
    attempt: randomUUID(),
    claim: 'none',
  };
}

// A symbol key: the store's typed paths would walk into QueryRunner's types for ever.
const CLS_KEY = Symbol('vigia:idempotency');

/** The keyed write the current request is running, if any. */
export function currentIdempotentRequest(): IdempotentRequest | undefined {
  const cls = ClsServiceManager.getClsService();
  return cls.isActive() ? cls.get<IdempotentRequest | undefined>(CLS_KEY) : undefined;
}

export function setCurrentIdempotentRequest(request: IdempotentRequest): void {
  const cls = ClsServiceManager.getClsService();
  if (cls.isActive()) cls.set(CLS_KEY, request);
}
