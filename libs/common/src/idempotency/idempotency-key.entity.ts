// A write sent with an Idempotency-Key: who sent it, what it was, and the answer to replay to a retry (24 hours).
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Not a domain record, so no version and no audit: a row is claimed inside the transaction of the request's first
 * write (status still null), completed with the answer once the handler has returned, and forgotten when it expires.
 */
@Entity({ name: 'idempotency_keys' })
@Index('ix_idempotency_keys_expires', ['expiresAt'])
@Check('ck_idempotency_keys_status', '"status" IS NULL OR "status" BETWEEN 200 AND 299')
export class IdempotencyKey {
  /** SHA-256 (hex) of the caller and the key: each caller has keys of their own, whatever their length. */
  @PrimaryColumn({ type: 'char', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  key!: string;

  /** Null for a request without a signed-in caller. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 8 })
  method!: string;

  /** Path and query string, as sent. */
  @Column({ type: 'text' })
  path!: string;

  /** SHA-256 (hex) of the body in canonical JSON (keys sorted). */
  @Column({ name: 'body_hash', type: 'char', length: 64 })
  bodyHash!: string;

  /** The run of the request that claimed the key; only it may record the answer. */
  @Column({ type: 'uuid' })
  attempt!: string;

  /** The process that ran it: a process knows which of its own runs are over. */
  @Column({ type: 'uuid' })
  instance!: string;

  /** The answer, once recorded (2xx only: a failed request is not remembered, so a retry may succeed). */
  @Column({ type: 'smallint', nullable: true })
  status!: number | null;

  /** The JSON sent, byte for byte; empty for an answer without a body. */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ name: 'response_headers', type: 'jsonb', nullable: true })
  responseHeaders!: Record<string, string> | null;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', precision: 3, nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', precision: 3 })
  expiresAt!: Date;
}
