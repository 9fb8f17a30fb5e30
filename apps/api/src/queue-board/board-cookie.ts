// The queue dashboard's ticket cookie: HttpOnly, SameSite=Strict (no cross-site request carries it), scoped to its path.
import type { CookieSerializeOptions } from '@fastify/cookie';
import { BOARD_TICKET_TTL_SECONDS } from '@vigia/auth';
import type { FastifyRequest } from 'fastify';

export const BOARD_PATH = '/admin/queues';
export const BOARD_COOKIE = 'vigia_board';

export function boardCookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return {
    path: BOARD_PATH,
    httpOnly: true,
    sameSite: 'strict',
    // Behind TLS (directly or through a proxy with TRUST_PROXY) the cookie never travels in clear.
    secure: request.protocol === 'https',
    maxAge: BOARD_TICKET_TTL_SECONDS,
  };
}
