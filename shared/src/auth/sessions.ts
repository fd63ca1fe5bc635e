import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db';
import { schema } from '../db';
import { UnauthorizedError } from '../errors';
import type { AccessTokens } from './access-tokens';
import { hashToken, randomToken } from './secrets';
import { sessionEpoch } from './users';

/** Sessions as refresh-token families: the one owner of the `refresh_tokens` table. */

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

export interface Sessions {
  /** A new session (new refresh-token family) for a user who just proved who they are. */
  start(db: Executor, userId: string): Promise<TokenPair>;
  /** The session (family) a refresh token belongs to, or undefined. */
  familyOf(db: Executor, refreshToken: string): Promise<string | undefined>;
  /**
   * Spends a refresh token and returns a new pair in the same family. A token that was already
   * spent is a sign of theft: the whole family is revoked (OWASP ASVS 10.4.5) and the call fails.
   */
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Revokes the token's family; unknown tokens are ignored (no oracle). */
  end(refreshToken: string): Promise<void>;
}

/** First key of the two-key advisory locks on refresh-token families (its own lock space). */
const FAMILY_LOCK = 0x5e55;

const refreshInvalid = () =>
  new UnauthorizedError('invalid_refresh_token', 'The refresh token is not valid.');

export function createSessions(options: {
  database: Database;
  accessTokens: AccessTokens;
  refreshTtlDays: number;
  /** No session outlives this, however often it is refreshed. */
  maxAgeDays: number;
}): Sessions {
  const { database, accessTokens } = options;
  const ttlMs = options.refreshTtlDays * 86_400_000;
  const maxAgeMs = options.maxAgeDays * 86_400_000;

  async function issue(
    db: Executor,
    userId: string,
    familyId: string,
    startedAt: Date,
  ): Promise<TokenPair> {
    const refreshToken = randomToken();
    const epoch = await sessionEpoch(db, userId);
    await db.insert(schema.refreshTokens).values({
      userId,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(Math.min(Date.now() + ttlMs, startedAt.getTime() + maxAgeMs)),
      sessionStartedAt: startedAt,
    });
    const access = await accessTokens.sign(userId, { epoch, family: familyId });
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

  async function familyOf(db: Executor, refreshToken: string): Promise<string | undefined> {
    const [row] = await db
      .select({ familyId: schema.refreshTokens.familyId })
      .from(schema.refreshTokens)
      .where(eq(schema.refreshTokens.tokenHash, hashToken(refreshToken)));
    return row?.familyId;
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
    start: (db, userId) => issue(db, userId, Bun.randomUUIDv7(), new Date()),
    familyOf,

    async refresh(refreshToken) {
      const outcome = await database.db.transaction(async (tx) => {
        const familyId = await familyOf(tx, refreshToken);
        if (familyId === undefined) return { error: refreshInvalid() };
        await lockFamily(tx, familyId);
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
        return { tokens: await issue(tx, row.userId, row.familyId, row.sessionStartedAt) };
      });
      if ('error' in outcome) throw outcome.error;
      return outcome.tokens;
    },

    async end(refreshToken) {
      await database.db.transaction(async (tx) => {
        const familyId = await familyOf(tx, refreshToken);
        if (familyId === undefined) return;
        await lockFamily(tx, familyId);
        await revokeFamily(tx, familyId);
      });
    },
  };
}

/**
 * Ends every session of a user but `except` (the one a password change came from): each of
 * their refresh-token families is revoked. Access tokens are ended by the session epoch
 * (session-guard.ts), in the same transaction.
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
