// Claims a keyed request's Idempotency-Key in the transaction of its first write, so both are committed or neither.
import {
  EntitySubscriberInterface,
  EventSubscriber,
  InsertEvent,
  ObjectLiteral,
  QueryRunner,
  RecoverEvent,
  RemoveEvent,
  SoftRemoveEvent,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  UpdateEvent,
} from 'typeorm';
import { claimIdempotencyKey } from './idempotency.service';
import { currentIdempotentRequest } from './idempotent-request';

/**
 * Writes through raw SQL are not seen here; for them the key is recorded only with the answer, after the handler
 * returned (a crash in between leaves no trace, and a retry runs the request again).
 */
@EventSubscriber()
export class IdempotencySubscriber implements EntitySubscriberInterface {
  afterInsert(event: InsertEvent<ObjectLiteral>): Promise<void> {
    return this.claim(event.queryRunner);
  }

  afterUpdate(event: UpdateEvent<ObjectLiteral>): Promise<void> {
    return this.claim(event.queryRunner);
  }

  afterRemove(event: RemoveEvent<ObjectLiteral>): Promise<void> {
    return this.claim(event.queryRunner);
  }

  afterSoftRemove(event: SoftRemoveEvent<ObjectLiteral>): Promise<void> {
    return this.claim(event.queryRunner);
  }

  afterRecover(event: RecoverEvent<ObjectLiteral>): Promise<void> {
    return this.claim(event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const request = currentIdempotentRequest();
    // A released savepoint leaves the transaction open: only the outer commit makes the claim durable.
    if (
      request?.claim === 'pending' &&
      request.claimRunner === event.queryRunner &&
      !event.queryRunner.isTransactionActive
    ) {
      request.claim = 'committed';
      request.claimRunner = undefined;
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const request = currentIdempotentRequest();
    // Also after a savepoint's rollback, which may have undone the claim: claiming again is harmless.
    if (request?.claim === 'pending' && request.claimRunner === event.queryRunner) {
      request.claim = 'none';
      request.claimRunner = undefined;
    }
  }

  private async claim(queryRunner: QueryRunner): Promise<void> {
    const request = currentIdempotentRequest();
    if (!request || request.claim === 'committed') return;
    if (request.claim === 'pending' && request.claimRunner === queryRunner) return;
    await claimIdempotencyKey(queryRunner, request);
    if (queryRunner.isTransactionActive) {
      request.claim = 'pending';
      request.claimRunner = queryRunner;
    } else {
      request.claim = 'committed';
    }
  }
}
