// Domain exceptions carry a code; the one global filter maps codes to HTTP statuses.
export enum ErrorCode {
  NotFound = 'not_found',
  Conflict = 'conflict',
  VersionConflict = 'version_conflict',
  IllegalTransition = 'illegal_transition',
  Forbidden = 'forbidden',
  Unauthorized = 'unauthorized',
  InvalidInput = 'invalid_input',
  RateLimited = 'rate_limited',
  PayloadTooLarge = 'payload_too_large',
  UnsupportedMediaType = 'unsupported_media_type',
  Unavailable = 'unavailable',
  /** An Idempotency-Key sent again with a different request. */
  IdempotencyKeyReused = 'idempotency_key_reused',
}

export const ERROR_STATUS: Record<ErrorCode, number> = {
  [ErrorCode.InvalidInput]: 400,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.VersionConflict]: 409,
  [ErrorCode.IllegalTransition]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.IdempotencyKeyReused]: 422,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.Unavailable]: 503,
};

export interface FieldError {
  field: string;
  messages: string[];
}

export class DomainException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[] | Record<string, unknown>[],
    /** Extra response headers, such as Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainException';
  }
}

export class NotFoundError extends DomainException {
  constructor(what: string) {
    super(ErrorCode.NotFound, `${what} not found`);
  }
}

export class VersionConflictError extends DomainException {
  constructor(what: string, sent: number, current: number) {
    super(
      ErrorCode.VersionConflict,
      `${what} was changed by someone else (you sent version ${sent}, it is now ${current}); reload and try again`,
      [{ sentVersion: sent, currentVersion: current }],
    );
  }
}

export class InvalidInputError extends DomainException {
  constructor(message: string, details?: FieldError[]) {
    super(ErrorCode.InvalidInput, message, details);
  }
}

export class ConflictError extends DomainException {
  constructor(message: string) {
    super(ErrorCode.Conflict, message);
  }
}

export class ForbiddenError extends DomainException {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.Forbidden, message);
  }
}

export class UnauthorizedError extends DomainException {
  constructor(message = 'Authentication required') {
    super(ErrorCode.Unauthorized, message);
  }
}
