import type { Cache } from '../cache';
import type { Executor } from '../db';
import { UnauthorizedError } from '../errors';
import type { Redis } from '../valkey';
import type { AccessTokenClaims } from './access-tokens';
import { revokeSessionsOf } from './sessions';
import { bumpSessionEpoch, sessionState } from './users';

const CACHE_TTL_SECONDS = 60;
const key = (userId: string) => `session:${userId}`;

/** Published when a user's sessions end; the ws instances drop that user's sockets. */
export const SESSIONS_ENDED_CHANNEL = 'insightdesk:sessions:ended';

export interface SessionEnded {
  readonly userId: string;
  /** The session that stays (the password change came from it), if any. */
  readonly keptFamily: string | null;
}

export interface SessionGuard {
  /** 401 `session_revoked` when the token's session was ended (see `endSessions`). */
  check(claims: AccessTokenClaims): Promise<void>;
  /**
   * In the caller's transaction: every refresh family of the user but `keep` is revoked and
   * every access token issued so far stops working, but those of `keep`. Call `announce`
   * once the transaction committed.
   */
  endSessions(tx: Executor, userId: string, keep: string | null): Promise<void>;
  /** After commit: every instance forgets the cached state, and sockets are told. */
  announce(ended: SessionEnded): Promise<void>;
}

/**
 * Access tokens are self-contained JWTs, so ending a session needs a per-user "not before": the
 * session epoch, bumped by a password change or reset and by "log out everywhere". Each token
 * carries the epoch it was issued under; the current one is cached in Valkey and in each
 * instance (the near cache), dropped on every instance through Valkey when it changes — the
 * same path as cached roles.
 */
export function createSessionGuard(deps: {
  db: Executor;
  cache: Cache;
  publisher: Redis;
}): SessionGuard {
  async function state(userId: string) {
    const cached = await deps.cache.get<{ epoch: number; keptFamily: string | null } | 'none'>(
      key(userId),
    );
    if (cached !== undefined) return cached === 'none' ? null : cached;
    const fresh = await sessionState(deps.db, userId);
    await deps.cache.set(key(userId), fresh ?? 'none', CACHE_TTL_SECONDS);
    return fresh;
  }

  return {
    async check(claims) {
      const current = await state(claims.userId);
      if (!current) throw new UnauthorizedError('invalid_token', 'The account no longer exists.');
      const kept = claims.family !== undefined && claims.family === current.keptFamily;
      if (claims.epoch !== current.epoch && !kept) {
        throw new UnauthorizedError('session_revoked', 'This session has ended; sign in again.');
      }
    },
    async endSessions(tx, userId, keep) {
      await bumpSessionEpoch(tx, userId, keep);
      await revokeSessionsOf(tx, userId, keep ?? undefined);
    },
    async announce(ended) {
      await deps.cache.del(key(ended.userId));
      await deps.publisher.publish(SESSIONS_ENDED_CHANNEL, JSON.stringify(ended)).catch(() => 0);
    },
  };
}
