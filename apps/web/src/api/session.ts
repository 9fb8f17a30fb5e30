// The signed-in session: the access token lives in memory only, the refresh token in sessionStorage (it survives a
// reload, not a new tab), and the pair is renewed a minute before the access token expires; one refresh at a time.
import { useSyncExternalStore } from 'react';
import { publicApi, setAuthHandler } from './client';
import { unwrap } from './errors';
import type { Me, TokenPair } from './types';

export type SessionState =
  { status: 'starting' } | { status: 'signed-out'; expired: boolean } | { status: 'signed-in'; me: Me };

const REFRESH_KEY = 'vigia.refreshToken';
/** Renew this long before expiry, so a request never races the token's last second. */
const REFRESH_AHEAD_MS = 60_000;

class Session {
  private state: SessionState = { status: 'starting' };
  private accessToken: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): SessionState => this.state;

  token(): string | null {
    return this.accessToken;
  }

  /** On load: a refresh token kept from before a reload resumes the session. */
  async start(): Promise<void> {
    if (sessionStorage.getItem(REFRESH_KEY) && (await this.refresh())) return;
    if (this.state.status === 'starting') this.set({ status: 'signed-out', expired: false });
  }

  /** Throws the api's error (401 wrong credentials, 429 too many attempts) for the form to show. */
  async signIn(email: string, password: string): Promise<Me> {
    const pair = unwrap(await publicApi.POST('/api/v1/auth/login', { body: { email, password } }));
    return this.begin(pair);
  }

  refresh(): Promise<boolean> {
    this.refreshing ??= this.exchange().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async signOut(): Promise<void> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    const token = this.accessToken;
    this.end(false);
    if (refreshToken && token) {
      // Revokes the session on the server; signing out locally does not wait for it.
      await publicApi
        .POST('/api/v1/auth/logout', { body: { refreshToken }, headers: { authorization: `Bearer ${token}` } })
        .catch(() => undefined);
    }
  }

  /** The session could not be renewed: back to sign-in, saying why. */
  expire(): void {
    if (this.state.status === 'signed-in') this.end(true);
  }

  /** After PATCH /me (the language): the new answer replaces the cached one. */
  update(me: Me): void {
    if (this.state.status === 'signed-in') this.set({ status: 'signed-in', me });
  }

  private async exchange(): Promise<boolean> {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    try {
      const result = await publicApi.POST('/api/v1/auth/refresh', { body: { refreshToken } });
      if (!result.data) {
        // Refused (expired, revoked, reused): the session is over. A server error keeps it for the next try.
        if (result.response.status === 401) this.end(this.state.status === 'signed-in');
        return false;
      }
      if (this.state.status === 'signed-in') {
        this.keep(result.data);
      } else {
        await this.begin(result.data);
      }
      return true;
    } catch {
      // No answer (offline): a running session keeps its refresh token for the next try; a starting one gives up.
      if (this.state.status === 'starting') this.end(false);
      return false;
    }
  }

  private async begin(pair: TokenPair): Promise<Me> {
    this.keep(pair);
    const me = unwrap(await publicApi.GET('/api/v1/me', { headers: { authorization: `Bearer ${pair.accessToken}` } }));
    this.set({ status: 'signed-in', me });
    return me;
  }

  private keep(pair: TokenPair): void {
    this.accessToken = pair.accessToken;
    sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
    clearTimeout(this.timer);
    const delay = Math.max(pair.expiresIn * 1000 - REFRESH_AHEAD_MS, 5_000);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private end(expired: boolean): void {
    clearTimeout(this.timer);
    this.accessToken = null;
    sessionStorage.removeItem(REFRESH_KEY);
    this.set({ status: 'signed-out', expired });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export const session = new Session();

setAuthHandler({
  token: () => session.token(),
  refresh: () => session.refresh(),
  expired: () => session.expire(),
});

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

/** The signed-in account; only for components under the signed-in routes. */
export function useMe(): Me {
  const state = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe outside a signed-in page');
  return state.me;
}
