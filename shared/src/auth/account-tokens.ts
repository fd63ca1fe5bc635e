import { sql } from 'drizzle-orm';
import type { Executor, schema } from '../db';
import { accountLinkToken, hashToken, verifyAccountLinkToken } from './secrets';

/** The one owner of the `account_tokens` table. */

/** What a mailed link is for: the values of the database's `account_token_purpose` enum. */
export type AccountTokenPurpose = (typeof schema.accountTokenPurposeEnum.enumValues)[number];

/** How long a mailed link works. */
export const ACCOUNT_TOKEN_TTL_MINUTES: Record<AccountTokenPurpose, number> = {
  verify_email: 48 * 60,
  password_reset: 30,
};

/**
 * A new single-use link for `purpose`; the ones mailed before for the same purpose stop
 * working (only the latest reset link resets). Returns the row id (the worker derives the link).
 */
export async function createAccountToken(
  tx: Executor,
  userId: string,
  purpose: AccountTokenPurpose,
  secret: string,
): Promise<string> {
  await tx.execute(sql`
    update account_tokens set used_at = now()
     where user_id = ${userId} and purpose = ${purpose} and used_at is null`);
  const id = Bun.randomUUIDv7();
  const minutes = ACCOUNT_TOKEN_TTL_MINUTES[purpose];
  await tx.execute(sql`
    insert into account_tokens (id, user_id, purpose, token_hash, expires_at)
    values (${id}, ${userId}, ${purpose}, ${hashToken(accountLinkToken(secret, purpose, id))},
            now() + ${`${minutes} minutes`}::interval)`);
  return id;
}

/** The token of a link, for the email (rebuilt from the id). */
export const accountTokenFor = (secret: string, purpose: AccountTokenPurpose, id: string) =>
  accountLinkToken(secret, purpose, id);

/**
 * Spends a mailed link: the user it was for, or null when the token is forged, used, superseded
 * or expired. Locked and marked used in the caller's transaction, so it works once.
 */
export async function claimAccountToken(
  tx: Executor,
  purpose: AccountTokenPurpose,
  token: string,
  secret: string,
): Promise<{ userId: string } | null> {
  if (!verifyAccountLinkToken(secret, purpose, token)) return null;
  const [row] = await tx.execute<{ id: string; user_id: string }>(sql`
    select id, user_id from account_tokens
     where token_hash = ${hashToken(token)} and purpose = ${purpose}
       and used_at is null and expires_at > now()
       for update`);
  if (!row) return null;
  await tx.execute(sql`update account_tokens set used_at = now() where id = ${row.id}`);
  return { userId: row.user_id };
}

/** What an account link's mail is made of (accountTokenMailSource). */
export interface AccountTokenMailRow {
  readonly recipient: string;
  /**
   * Still worth sending: unused, unexpired, and for an address's verification the address not
   * verified meanwhile.
   */
  readonly mailable: boolean;
  readonly name: string;
}

/**
 * What an account link's mail needs (whom it goes to, joined from `users`): read by the
 * statement that also claims the mail (`claimingRead`, shared/src/mail). A token of another
 * purpose is not found. Values: `tokenId`, `purpose`.
 */
export const accountTokenMailSource = sql`
    select u.email as recipient, u.name,
           t.used_at is null and t.expires_at > now()
             and (t.purpose <> 'verify_email' or u.email_verified_at is null) as mailable
      from account_tokens t join users u on u.id = t.user_id
     where t.id = ${sql.placeholder('tokenId')} and t.purpose = ${sql.placeholder('purpose')}`;

/** Maintenance: links used or expired more than a day ago. */
export async function purgeAccountTokens(db: Executor): Promise<number> {
  const rows = await db.execute(sql`
    delete from account_tokens
     where expires_at < now() - interval '1 day' or used_at < now() - interval '1 day'
     returning id`);
  return rows.length;
}
