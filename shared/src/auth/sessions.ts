import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db';
import { schema } from '../db';
import { UnauthorizedError } from '../errors';
import { FULL_REACH, type SessionReach } from '../shapes/session-reach';
import type { AccessTokens } from './access-tokens';
import { hashToken, randomToken } from './secrets';
import { lockSessionEpoch } from './users';

/** Sessions as refresh-token families: the one owner of the `refresh_tokens` table. */

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

export interface Sessions {
  /**
   * A new session (new refresh-token family) for a user who just proved who they are; in the
   * caller's transaction when it is one. `reach`: what it reaches (every organization of the
   * account unless given); its refreshed tokens keep it.
   */
  start(db: Executor, userId: string, reach?: SessionReach): Promise<TokenPair>;
  /**
   * Spends a refresh token and returns a new pair in the same family. A token that was already
   * spent is a sign of theft: the whole family is revoked (OWASP ASVS 10.4.5), its access tokens
   * and sockets end, and the call fails.
   */
  refresh(refreshToken: string): Promise<TokenPair>;
  /**
   * Logout: revokes the token's family, and its access tokens and sockets end on every instance
   * (`announce`); unknown tokens are ignored (no oracle).
   */
  end(refreshToken: string): Promise<void>;
}

/** First key of the two-key advisory locks on refresh-token families (its own lock space). */
const FAMILY_LOCK = 0x5e55;

/** Sessions that ended, as every instance is told (the session guard's channel). */
export interface SessionEnded {
  readonly userId: string;
  /** The session that stays (the password change came from it), if any. */
  readonly keptFamily: string | null;
  /** Only this session ended (logout, a reused refresh token); absent: every one but `keptFamily`. */
  readonly family?: string;
}

const refreshInvalid = () =>
  new UnauthorizedError('invalid_refresh_token', 'The refresh token is not valid.');

export function createSessions(options: {
  database: Database;
  accessTokens: AccessTokens;
  refreshTtlDays: number;
  /** No session outlives this, however often it is refreshed. */
  maxAgeDays: number;
  /** Tells every instance that a family ended (the session guard's `announce`). */
  announce: (ended: SessionEnded) => Promise<void>;
}): Sessions {
  const { database, accessTokens, announce } = options;
  const ttlMs = options.refreshTtlDays * 86_400_000;
  const maxAgeMs = options.maxAgeDays * 86_400_000;

  /**
   * In a transaction that holds the user's epoch (`lockSessionEpoch`): the new token commits
   * before anything ending the user's sessions can read the family, or after it committed.
   */
  async function issue(
    tx: Executor,
    userId: string,
    epoch: number,
    familyId: string,
    startedAt: Date,
    reach: SessionReach,
  ): Promise<TokenPair> {
    const refreshToken = randomToken();
    await tx.insert(schema.refreshTokens).values({
      userId,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Math.min(Date.now() + ttlMs, startedAt.getTime() + maxAgeMs)),
      sessionStartedAt: startedAt,
      reachOrg: reach.org,
      reachAccount: reach.account,
    });
    const access = await accessTokens.sign(userId, { epoch, family: familyId, reach });
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
    };
  }

  /**
   * Everything that spends or revokes a family's tokens holds this lock first (until commit):
   * a revocation then sees the token a concurrent refresh was issuing, and nothing can take
   * the family lock and a token's row lock in opposite orders.
   */
  async function lockFamily(db: Executor, familyId: string) {
    await db.execute(sql`select pg_advisory_xact_lock(${FAMILY_LOCK}, hashtext(${familyId}))`);
  }

  async function familyOf(
    db: Executor,
    refreshToken: string,
  ): Promise<{ familyId: string; userId: string } | undefined> {
    const [row] = await db
      .select({ familyId: schema.refreshTokens.familyId, userId: schema.refreshTokens.userId })
      .from(schema.refreshTokens)
      .where(eq(schema.refreshTokens.tokenHash, hashToken(refreshToken)));
    return row;
  }

  async function revokeFamily(db: Executor, familyId: string) {
    await db
      .update(schema.refreshTokens)
      .set({ revokedAt: sql`now()` })
      .where(
        and(eq(schema.refreshTokens.familyId, familyId), isNull(schema.refreshTokens.revokedAt)),
      );
  }

  return {
    start: (db, userId, reach = FULL_REACH) =>
      db.transaction(async (tx) => {
        const epoch = await lockSessionEpoch(tx, userId);
        if (epoch === undefined) throw new Error('no such user');
        return issue(tx, userId, epoch, Bun.randomUUIDv7(), new Date(), reach);
      }),

    async refresh(refreshToken) {
      const outcome = await database.db.transaction(async (tx) => {
        const found = await familyOf(tx, refreshToken);
        if (found === undefined) return { error: refreshInvalid() };
        await lockFamily(tx, found.familyId);
        // The epoch first, then the token read again: a revocation that committed while this
        // waited is seen (the row is revoked), and one that comes later waits for this commit.
        const epoch = await lockSessionEpoch(tx, found.userId);
        if (epoch === undefined) return { error: refreshInvalid() };
        const [row] = await tx
          .select()
          .from(schema.refreshTokens)
          .where(eq(schema.refreshTokens.tokenHash, hashToken(refreshToken)));
        if (
          !row ||
          row.revokedAt ||
          row.expiresAt.getTime() <= Date.now() ||
          row.sessionStartedAt.getTime() + maxAgeMs <= Date.now()
        )
          return { error: refreshInvalid() };
        if (row.spentAt) {
          // Committed before answering: the revocation must stick even though the call fails.
          await revokeFamily(tx, row.familyId);
          return {
            ended: { userId: row.userId, keptFamily: null, family: row.familyId },
            error: new UnauthorizedError(
              'refresh_token_reused',
              'This refresh token was already used; every session of its family is now revoked.',
            ),
          };
        }
        await tx
          .update(schema.refreshTokens)
          .set({ spentAt: sql`now()` })
          .where(eq(schema.refreshTokens.id, row.id));
        const reach = { org: row.reachOrg, account: row.reachAccount };
        return {
          tokens: await issue(tx, row.userId, epoch, row.familyId, row.sessionStartedAt, reach),
        };
      });
      if ('error' in outcome) {
        if (outcome.ended) await announce(outcome.ended);
        throw outcome.error;
      }
      return outcome.tokens;
    },

    async end(refreshToken) {
      const ended = await database.db.transaction(async (tx) => {
        const found = await familyOf(tx, refreshToken);
        if (found === undefined) return undefined;
        await lockFamily(tx, found.familyId);
        await revokeFamily(tx, found.familyId);
        return found;
      });
      if (ended) await announce({ userId: ended.userId, keptFamily: null, family: ended.familyId });
    },
  };
}

/**
 * Whether a session (family) can still be refreshed: it has a token that is neither spent,
 * revoked nor expired. An access token of a family that cannot is refused (session-guard.ts):
 * logout, a detected reuse and the session's maximum age end its access tokens too.
 */
export async function familyLive(db: Executor, familyId: string): Promise<boolean> {
  const [row] = await db.execute<{ live: boolean }>(sql`
    select exists(
      select 1 from refresh_tokens
       where family_id = ${familyId} and revoked_at is null and spent_at is null
         and expires_at > now()) as live`);
  return row?.live === true;
}

/**
 * Ends every session of a user but `except` (the one a password change came from): each of
 * their refresh-token families is revoked. Runs after `bumpSessionEpoch` in the same
 * transaction (session-guard.ts): the bump's row lock waits for the tokens being issued to
 * commit, so that this statement sees and revokes them too; the epoch ends the access tokens.
 */
export async function revokeSessionsOf(
  tx: Executor,
  userId: string,
  except?: string,
): Promise<void> {
  await tx.execute(sql`
    update refresh_tokens set revoked_at = now()
     where user_id = ${userId} and revoked_at is null
       ${except ? sql`and family_id <> ${except}` : sql``}`);
}

/**
 * Ends the sessions confined to an organization (started through its provider): every one, or
 * only those that also reach the account (`managed`: its provider's managed accounts). Their
 * refresh families are revoked in the caller's transaction; answers what ended, for the session
 * guard's `announce` once committed.
 */
export async function revokeConfinedSessions(
  tx: Executor,
  orgId: string,
  which: 'all' | 'managed',
): Promise<SessionEnded[]> {
  const rows = await tx.execute<{ user_id: string; family_id: string }>(sql`
    update refresh_tokens set revoked_at = now()
     where reach_org = ${orgId} and revoked_at is null
       ${which === 'managed' ? sql`and reach_account` : sql``}
    returning user_id, family_id`);
  const families = new Map(rows.map((r) => [r.family_id, r.user_id]));
  return [...families].map(([family, userId]) => ({ userId, keptFamily: null, family }));
}

/** Maintenance: refresh tokens past expiry, or revoked more than a day ago. */
export async function purgeRefreshTokens(db: Executor): Promise<number> {
  const rows = await db
    .delete(schema.refreshTokens)
    .where(
      or(
        lt(schema.refreshTokens.expiresAt, sql`now()`),
        lt(schema.refreshTokens.revokedAt, sql`now() - interval '1 day'`),
      ),
    )
    .returning({ id: schema.refreshTokens.id });
  return rows.length;
}
