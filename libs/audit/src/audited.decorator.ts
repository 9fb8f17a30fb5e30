// Marks an entity as a domain record whose every insert, update and delete lands in the audit trail.
import 'reflect-metadata';

export interface AuditedOptions<T = unknown> {
  /** The record's singular name, as clients filter by it (`review`, `deliverable`, ...). */
  type: string;
  /** The review the record belongs to, so a review's coordinator can read its trail. */
  reviewId?: (entity: T) => string | null | undefined;
  /** Properties never written to the trail (password hashes, secrets). */
  omit?: string[];
}

const AUDITED = Symbol('vigia:audited');

export function Audited<T>(options: AuditedOptions<T>): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(AUDITED, options, target);
  };
}

export function auditedOptions(target: unknown): AuditedOptions | undefined {
  if (typeof target !== 'function') return undefined;
  return Reflect.getMetadata(AUDITED, target) as AuditedOptions | undefined;
}
