// Optimistic locking done once: lock the row, compare the client's version, apply, save (version + 1).
import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { NotFoundError, VersionConflictError } from './errors';

export interface Versioned extends ObjectLiteral {
  id: string;
  version: number;
}

/**
 * Loads the row FOR UPDATE inside the caller's transaction so two concurrent edits that read the
 * same version cannot both win: the second waits, then sees the new version and gets 409.
 */
export async function updateVersioned<T extends Versioned>(
  manager: EntityManager,
  target: EntityTarget<T>,
  what: string,
  id: string,
  expectedVersion: number,
  apply: (entity: T) => void | Promise<void>,
): Promise<T> {
  const repo = manager.getRepository(target);
  const entity = await repo.findOne({ where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!entity) throw new NotFoundError(what);
  if (entity.version !== expectedVersion) throw new VersionConflictError(what, expectedVersion, entity.version);
  await apply(entity);
  return repo.save(entity);
}
