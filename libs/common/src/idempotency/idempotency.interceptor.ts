// Idempotency-Key on every write: the first request runs and its answer is kept; a retry gets that answer replayed.
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, concatMap, finalize, type Observable, of, throwError } from 'rxjs';
import { Readable } from 'node:stream';
import { IdempotencyInProgressError, IdempotencyKeyInvalidError } from './idempotency.exception';
import { IdempotencyService, type StoredAnswer } from './idempotency.service';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_REPLAYED_HEADER,
  IDEMPOTENT_METHODS,
  type IdempotentRequest,
  isValidIdempotencyKey,
  newIdempotentRequest,
} from './idempotent-request';

/** Their answers carry or revoke credentials, which are not to be kept in a table: the header is ignored there. */
const CREDENTIAL_ROUTES = /\/(auth\/[^/]+|admin\/queues\/session)$/;

/** Answer headers worth replaying (the body and status are kept whole). */
const KEPT_HEADERS = ['location', 'content-type'];

type KeyedRequest = FastifyRequest & { user?: { id: string } };

/** The keyed write this request is, or undefined when the header is absent or does not apply. */
function keyedRequest(request: KeyedRequest): IdempotentRequest | undefined {
  if (!IDEMPOTENT_METHODS.has(request.method)) return undefined;
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (key === undefined) return undefined;
  if (!isValidIdempotencyKey(key)) throw new IdempotencyKeyInvalidError();
  const path = request.url;
  if (CREDENTIAL_ROUTES.test(path.split('?')[0])) return undefined;
  // An upload streams its file to storage as it arrives: there is no body to compare a retry with.
  if (/^multipart\//i.test(request.headers['content-type'] ?? '')) return undefined;
  return newIdempotentRequest(key, request.user?.id ?? null, request.method, path, request.body);
}

/** The answer as it will be sent, when it can be kept: JSON or nothing, 2xx, no cookie. */
function answerOf(reply: FastifyReply, value: unknown): StoredAnswer | undefined {
  const status = reply.statusCode;
  if (status < 200 || status > 299 || reply.getHeader('set-cookie') !== undefined) return undefined;
  if (value instanceof Readable || Buffer.isBuffer(value) || (value !== undefined && typeof value !== 'object')) {
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const header = reply.getHeader(name);
    if (typeof header === 'string') headers[name] = header;
  }
  return { status, body: value === undefined ? '' : JSON.stringify(value), headers };
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = keyedRequest(http.getRequest<KeyedRequest>());
    if (!request) return next.handle();

    const earlier = await this.idempotency.earlierAnswer(request);
    if (earlier) {
      void reply.status(earlier.status);
      for (const [name, value] of Object.entries(earlier.headers)) void reply.header(name, value);
      void reply.header(IDEMPOTENCY_REPLAYED_HEADER, 'true');
      return of(earlier.body === '' ? undefined : (JSON.parse(earlier.body) as unknown));
    }

    this.idempotency.begin(request);
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        const answer = answerOf(reply, value);
        if (answer) await this.idempotency.complete(request, answer);
        return value;
      }),
      // The transaction that lost the race for the key was rolled back, whatever the handler made of the error.
      catchError((err: unknown) => throwError(() => (request.lostRace ? new IdempotencyInProgressError() : err))),
      finalize(() => this.idempotency.end(request)),
    );
  }
}
