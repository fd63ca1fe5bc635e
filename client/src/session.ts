import type { components } from './generated/api.js';

export type Tokens = components['schemas']['Tokens'];

/** What the client keeps of a login (persist it to survive a reload; pass it back as `session`). */
export interface Session {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires (ms since the epoch). */
  readonly expiresAt: number;
  /** When the client renews it ahead of that (ms since the epoch). */
  readonly refreshAt: number;
}

/** The session could not be renewed (refresh token spent, revoked or expired): log in again. */
export class SessionEndedError extends Error {
  constructor() {
    super('The session has ended: log in again.');
    this.name = 'SessionEndedError';
  }
}

export interface SessionKeeperOptions {
  /** Exchanges a refresh token for new tokens; resolves null when the server refused it (401). */
  readonly refresh: (refreshToken: string) => Promise<Tokens | null>;
  /** Renew this long before the access token expires (at most half its lifetime). */
  readonly marginMs: number;
  readonly initial?: Session | null;
}

export type SessionListener = (session: Session | null) => void;

/**
 * The one holder of the tokens. Every caller asks it for the access token; it renews the token
 * shortly before expiry, or when the server answered 401 to the current one, with one refresh in
 * flight at a time shared by every caller (a refresh token is single-use: two refreshes with the
 * same one would end the session).
 */
export function createSessionKeeper(options: SessionKeeperOptions) {
  let session: Session | null = options.initial ?? null;
  let inFlight: Promise<Session> | null = null;
  const listeners = new Set<SessionListener>();

  function set(next: Session | null) {
    session = next;
    for (const listener of listeners) listener(next);
  }

  function fromTokens(tokens: Tokens, now = Date.now()): Session {
    const lifetimeMs = tokens.expiresIn * 1000;
    return {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: now + lifetimeMs,
      refreshAt: now + lifetimeMs - Math.min(options.marginMs, lifetimeMs / 2),
    };
  }

  function renew(): Promise<Session> {
    const current = session;
    if (!current) return Promise.reject(new SessionEndedError());
    inFlight ??= options
      .refresh(current.refreshToken)
      .then((tokens) => {
        // A logout (or a new login) while the refresh ran wins over its answer.
        if (session !== current) {
          if (session) return session;
          throw new SessionEndedError();
        }
        if (!tokens) {
          set(null);
          throw new SessionEndedError();
        }
        const next = fromTokens(tokens);
        set(next);
        return next;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  return {
    current: (): Session | null => session,
    /** Starts a session from a login's tokens, or ends it (`null`). */
    set: (tokens: Tokens | null) => set(tokens ? fromTokens(tokens) : null),
    /** A valid access token (renewed first when due), or null without a session. */
    async accessToken(): Promise<string | null> {
      if (inFlight) return (await inFlight).accessToken;
      if (!session) return null;
      if (Date.now() < session.refreshAt) return session.accessToken;
      return (await renew()).accessToken;
    },
    /**
     * A new access token after the server refused `stale`: renews unless someone already did
     * (concurrent calls that all got 401 with the same token share one refresh).
     */
    async renewAfterRefusal(stale: string): Promise<string> {
      if (inFlight) return (await inFlight).accessToken;
      if (session && session.accessToken !== stale) return session.accessToken;
      return (await renew()).accessToken;
    },
    /** Called with the new session after every login, refresh and logout. */
    onChange(listener: SessionListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export type SessionKeeper = ReturnType<typeof createSessionKeeper>;
