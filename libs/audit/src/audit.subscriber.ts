// Writes the audit row for every change of an @Audited entity, inside the transaction that made it.
import { currentActorId } from '@vigia/common';
import {
  EntityMetadata,
  EntitySubscriberInterface,
  EventSubscriber,
  InsertEvent,
  ObjectLiteral,
  QueryRunner,
  RemoveEvent,
  UpdateEvent,
} from 'typeorm';
import { AuditAction } from './audit-event.entity';
import { auditedOptions, AuditedOptions } from './audited.decorator';

type Snapshot = Record<string, unknown>;

function snapshot(metadata: EntityMetadata, entity: ObjectLiteral | undefined, omit: string[]): Snapshot | null {
  if (!entity) return null;
  const out: Snapshot = {};
  for (const column of metadata.columns) {
    if (omit.includes(column.propertyName)) continue;
    const value: unknown = column.getEntityValue(entity);
    if (value === undefined) continue;
    out[column.propertyName] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}

function changed(before: Snapshot | null, after: Snapshot | null): boolean {
  return JSON.stringify(before) !== JSON.stringify(after);
}

@EventSubscriber()
export class AuditSubscriber implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    return this.record(event.queryRunner, event.metadata, 'insert', undefined, event.entity);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    return this.record(event.queryRunner, event.metadata, 'update', event.databaseEntity, event.entity);
  }

  afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    const gone = event.databaseEntity ?? event.entity;
    const withId =
      gone && event.entityId !== undefined ? { ...gone, ...this.idOf(event.metadata, event.entityId) } : gone;
    return this.record(event.queryRunner, event.metadata, 'delete', withId, undefined);
  }

  private idOf(metadata: EntityMetadata, entityId: unknown): ObjectLiteral {
    const primary = metadata.primaryColumns[0];
    if (!primary) return {};
    return typeof entityId === 'object' && entityId !== null ? entityId : { [primary.propertyName]: entityId };
  }

  private async record(
    queryRunner: QueryRunner,
    metadata: EntityMetadata,
    action: AuditAction,
    beforeEntity: ObjectLiteral | undefined,
    afterEntity: ObjectLiteral | undefined,
  ): Promise<void> {
    const options: AuditedOptions | undefined = auditedOptions(metadata.target);
    if (!options) return;
    const omit = options.omit ?? [];
    const before = snapshot(metadata, beforeEntity, omit);
    const after = snapshot(metadata, afterEntity, omit);
    if (action === 'update') {
      // TypeORM passes only the changed values for an update; complete them from the loaded row.
      if (before && after) Object.assign(after, { ...before, ...after });
      if (!changed(before, after)) return;
    }
    const subject = afterEntity ?? beforeEntity;
    const entityId: unknown = subject ? metadata.primaryColumns[0]?.getEntityValue(subject) : undefined;
    if (!entityId) return;
    const reviewId = subject && options.reviewId ? (options.reviewId(subject) ?? null) : null;
    await queryRunner.query(
      `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, review_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        currentActorId() ?? null,
        action,
        options.type,
        entityId,
        reviewId,
        before ? JSON.stringify(before) : null,
        after ? JSON.stringify(after) : null,
      ],
    );
  }
}
