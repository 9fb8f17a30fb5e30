// The one place where every error becomes the API's error shape; internals never leak.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { DomainException, ERROR_STATUS } from './errors';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown[];
  requestId?: string;
}

/** PostgreSQL error classes that mean "the database is not reachable right now". */
const UNAVAILABLE_PG_CODES = /^(08|57P0|53)/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

function errorName(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_PG_CODES.test(e.code) || UNAVAILABLE_NODE_CODES.has(e.code)))
    return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return true;
  }
  return e.driverError ? isDatabaseUnavailable(e.driverError) : false;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    this.answer(exception, ctx.getRequest<FastifyRequest>(), ctx.getResponse<FastifyReply>());
  }

  /** Answers with the error; also called for what Fastify's router refuses before Nest sees the request. */
  answer(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const requestId = String(request.id ?? '');
    const { body, headers } = this.toBody(exception);
    body.requestId = requestId || undefined;
    if (body.statusCode >= 500 && body.statusCode !== 503) {
      this.logger.error({ err: exception, requestId }, 'unhandled error');
    } else if (body.statusCode === 503) {
      this.logger.warn(
        { err: exception instanceof Error ? exception.message : exception, requestId },
        'dependency unavailable',
      );
    }
    for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
    // RFC 6750: a 401 names the scheme the client must use.
    if (body.statusCode === 401) void reply.header('www-authenticate', 'Bearer realm="vigia"');
    if (requestId) void reply.header('x-request-id', requestId);
    // A handler may have set its own content type (text/calendar, a download) before it failed; the error is JSON.
    void reply.removeHeader('content-disposition');
    void reply.header('content-type', 'application/json; charset=utf-8');
    void reply.status(body.statusCode).send(body);
  }

  toBody(exception: unknown): { body: ErrorBody; headers: Record<string, string> } {
    if (exception instanceof DomainException) {
      const status = ERROR_STATUS[exception.code];
      return {
        body: { statusCode: status, error: errorName(status), message: exception.message, details: exception.details },
        headers: exception.headers ?? {},
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      let message = exception.message;
      let details: unknown[] | undefined;
      if (typeof response === 'object' && response !== null) {
        const r = response as { message?: unknown; details?: unknown };
        if (Array.isArray(r.message)) {
          message = 'Invalid input';
          details = r.message;
        } else if (typeof r.message === 'string') {
          message = r.message;
        }
        if (Array.isArray(r.details)) details = r.details;
      } else if (typeof response === 'string') {
        message = response;
      }
      return { body: { statusCode: status, error: errorName(status), message, details }, headers: {} };
    }
    if (exception instanceof QueryFailedError) {
      const code = (exception.driverError as { code?: string } | undefined)?.code;
      if (code === '23505') return this.simple(HttpStatus.CONFLICT, 'This record conflicts with an existing one');
      if (code === '23503') return this.simple(HttpStatus.BAD_REQUEST, 'A referenced record does not exist');
      // A DTO should have refused it; if one did not, it is still the client's input, not our failure.
      if (code === '23502' || code === '23514')
        return this.simple(HttpStatus.BAD_REQUEST, 'A required value is missing or out of range');
      // 22021 and 22P05: text the database cannot store (a NUL character, an unpaired surrogate).
      if (['22P02', '22007', '22008', '22003', '22001', '22021', '22P05'].includes(code ?? '')) {
        return this.simple(HttpStatus.BAD_REQUEST, 'A value has the wrong format or is out of range');
      }
      if (code === '40001' || code === '40P01') return this.simple(HttpStatus.CONFLICT, 'Concurrent change; try again');
    }
    if (isDatabaseUnavailable(exception)) {
      return {
        body: { statusCode: 503, error: errorName(503), message: 'The database is unavailable; try again shortly' },
        headers: { 'retry-after': '5' },
      };
    }
    // Fastify's own errors (body too large, malformed JSON, unsupported content type) carry a 4xx status.
    const fastifyStatus = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      const message = exception instanceof Error ? exception.message : errorName(fastifyStatus);
      return this.simple(fastifyStatus, message);
    }
    return this.simple(
      HttpStatus.INTERNAL_SERVER_ERROR,
      'Something went wrong on our side; the request id helps us find it',
    );
  }

  /**
   * Answers a request that Node's HTTP parser refused (a malformed request line or header, headers too large), as
   * Fastify's own handler does but in the API's error shape. There is no request yet, so the id is a new one.
   */
  static answerClientError(this: void, err: Error & { code?: string }, socket: Duplex): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const message =
      status === 431
        ? 'The request headers are too large'
        : status === 408
          ? 'The request took too long to arrive'
          : 'The request is not well-formed HTTP';
    const requestId = randomUUID();
    const body = JSON.stringify({ statusCode: status, error: errorName(status), message, requestId });
    if (socket.writable) {
      socket.write(
        `HTTP/1.1 ${status} ${errorName(status)}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(err);
  }

  private simple(status: number, message: string): { body: ErrorBody; headers: Record<string, string> } {
    return { body: { statusCode: status, error: errorName(status), message }, headers: {} };
  }
}
