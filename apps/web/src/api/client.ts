// The typed api client (openapi-fetch over the generated schema). Every call carries the session's access token; a
// 401 triggers one token refresh and one retry, then the session ends.
import createClient from 'openapi-fetch';
import type { paths } from './schema';

export interface AuthHandler {
  /** The current access token, if signed in. */
  token(): string | null;
  /** Exchanges the refresh token for a new pair; false when the session cannot go on. */
  refresh(): Promise<boolean>;
  /** The session ended (refresh refused): go to sign-in. */
  expired(): void;
}

let auth: AuthHandler | null = null;

/** The session installs itself here (it needs the public client, so it cannot be imported from this file). */
export function setAuthHandler(handler: AuthHandler): void {
  auth = handler;
}

function withToken(request: Request): Request {
  const token = auth?.token();
  if (token) request.headers.set('authorization', `Bearer ${token}`);
  return request;
}

/** fetch with the bearer token and one refresh-and-retry on 401; also used for uploads' and downloads' fallbacks. */
export async function authFetch(request: Request): Promise<Response> {
  // The body of a sent request is spent: keep a copy for the retry.
  const retry = request.clone();
  const response = await fetch(withToken(request));
  if (response.status !== 401 || !auth) return response;
  if (await auth.refresh()) return fetch(withToken(retry));
  auth.expired();
  return response;
}

/** Sign-in and refresh: no token, and a 401 means wrong credentials, not an expired session. */
export const publicApi = createClient<paths>({ baseUrl: '' });

export const api = createClient<paths>({ baseUrl: '', fetch: authFetch });
