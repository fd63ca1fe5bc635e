import type { Awaitable } from '../async';
import type { Cache } from '../cache';
import type { Executor } from '../db';
import { UnauthorizedError } from '../errors';
import type { Redis } from '../valkey';
import type { AccessTokenClaims } from './access-tokens';
import { familyLive, revokeSessionsOf, type SessionEnded } from './sessions';
import { bumpSessionEpoch, sessionState } from './users';

const CACHE_TTL_SECONDS = 60;
const userKey = (userId: string) => `session:${userId}`;
const familyKey = (familyId: string) => `session-family:${familyId}`;
/**
 * A request that read the database just before a session ended may write what it read to the
 * cache just after the deletion: the keys are deleted once more after this long.
 */
const SECOND_DELETION_MS = 1000;

/** Published when sessions end; the ws instances drop the sockets of those sessions. */
export const SESSIONS_ENDED_CHANNEL = 'insightdesk:sessions:ended';

type UserState = { epoch: number; keptFamily: string | null } | 'none';

export interface SessionGuard {
  /**
   * 401 `session_revoked` when the token's session was ended: by `endSessions` (its epoch), or
   * on its own (its family can no longer be refreshed: logout, reuse, maximum age). At once when
   * this instance holds both states (the near cache), otherwise once read.
   */
  check(claims: AccessTokenClaims): Awaitable<void>;
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
 * Access tokens are self-contained JWTs, so ending sessions needs state every instance reads:
 *
 * - the user's session epoch, a per-user "not before" bumped by a password change or reset and
 *   by "log out everywhere": each token carries the epoch it was issued under;
 * - the token's session (its refresh family, also carried by the token), alive while it can be
 *   refreshed: logout, a reused refresh token and the session's maximum age end it.
 *
 * Both are cached in Valkey and in each instance (the near cache), read in one round trip, and
 * dropped on every instance through Valkey when they change — the path cached roles take.
 */
export function createSessionGuard(deps: {
  db: Executor;
  cache: Cache;
  publisher: Redis;
}): SessionGuard {
  /**
   * What this instance did not hold of the user's and the session's states, read in one round
   * trip from Valkey, else from the database (and cached); what it held is not asked again.
   */
  async function read(
    claims: AccessTokenClaims,
    held: UserState | undefined,
    heldLive: boolean | undefined,
  ) {
    const family = claims.family;
    const keys: string[] = [];
    if (held === undefined) keys.push(userKey(claims.userId));
    if (heldLive === undefined && family) keys.push(familyKey(family));
    const cached = await deps.cache.getMany<UserState | boolean>(keys);
    let user = held ?? (cached[0] as UserState | undefined);
    if (user === undefined) {
      user = (await sessionState(deps.db, claims.userId)) ?? 'none';
      await deps.cache.set(userKey(claims.userId), user, CACHE_TTL_SECONDS);
    }
    let live = heldLive ?? (cached.at(-1) as boolean | undefined);
    if (live === undefined && family) {
      live = await familyLive(deps.db, family);
      await deps.cache.set(familyKey(family), live, CACHE_TTL_SECONDS);
    }
    return judge(claims, user, live ?? false);
  }

  function judge(claims: AccessTokenClaims, user: UserState, live: boolean): void {
    if (user === 'none')
      throw new UnauthorizedError('invalid_token', 'The account no longer exists.');
    const kept = claims.family !== undefined && claims.family === user.keptFamily;
    if ((claims.epoch !== user.epoch && !kept) || !live) {
      throw new UnauthorizedError('session_revoked', 'This session has ended; sign in again.');
    }
  }

  const forget = (ended: SessionEnded) =>
    deps.cache.del(ended.family ? familyKey(ended.family) : userKey(ended.userId));

  return {
    check(claims) {
      // Most requests: both held in this process, decided without a promise.
      const user = deps.cache.peek<UserState>(userKey(claims.userId));
      const live = claims.family ? deps.cache.peek<boolean>(familyKey(claims.family)) : true;
      if (user === undefined || live === undefined) return read(claims, user, live);
      judge(claims, user, live);
    },
    async endSessions(tx, userId, keep) {
      await bumpSessionEpoch(tx, userId, keep);
      await revokeSessionsOf(tx, userId, keep ?? undefined);
    },
    async announce(ended) {
      await forget(ended);
      await deps.publisher.publish(SESSIONS_ENDED_CHANNEL, JSON.stringify(ended)).catch(() => 0);
      setTimeout(() => void forget(ended).catch(() => undefined), SECOND_DELETION_MS).unref();
    },
  };
}
