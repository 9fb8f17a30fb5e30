// The answers to a retry that cannot be replayed: the key names another request, is still being answered, or lost its answer.
import { DomainException, ErrorCode, InvalidInputError } from '../errors';

export class IdempotencyKeyInvalidError extends InvalidInputError {
  constructor() {
    const message = 'Idempotency-Key must be 1 to 255 visible ASCII characters';
    super(message, [{ field: 'Idempotency-Key', messages: [message] }]);
  }
}

export class IdempotencyKeyReusedError extends DomainException {
  constructor(differs: string[]) {
    super(
      ErrorCode.IdempotencyKeyReused,
      `This Idempotency-Key was used for another request (its ${differs.join(' and ')} differed); a new request needs a new key`,
      [{ differs }],
    );
  }
}

export class IdempotencyInProgressError extends DomainException {
  constructor() {
    super(
      ErrorCode.Conflict,
      'A request with this Idempotency-Key is still being processed; retry in a moment',
      undefined,
      { 'retry-after': '1' },
    );
  }
}

export class IdempotencyAnswerLostError extends DomainException {
  constructor() {
    super(
      ErrorCode.Conflict,
      'The request with this Idempotency-Key was carried out, but the server failed before its answer was kept; read the record instead of retrying',
    );
  }
}
