import { sql } from 'drizzle-orm';
import type { Executor } from '../../db';

/**
 * The one owner of the `oidc_identities` table: identities at OpenID providers bound to our
 * accounts, by `(issuer, subject)` — the only pair a provider promises stays one person's.
 */

/** The account an identity signs in to, or undefined when it was never linked. */
export async function userOfIdentity(
  db: Executor,
  issuer: string,
  subject: string,
): Promise<string | undefined> {
  const [row] = await db.execute<{ user_id: string }>(sql`
    update oidc_identities set last_sign_in_at = now()
     where issuer = ${issuer} and subject = ${subject}
    returning user_id`);
  return row?.user_id;
}

/**
 * Binds an identity to an account. A concurrent first sign-in of the same identity links once:
 * the loser finds the winner's row and answers its account.
 */
export async function linkIdentity(
  tx: Executor,
  identity: { userId: string; issuer: string; subject: string; email: string | null },
): Promise<string> {
  const [row] = await tx.execute<{ user_id: string }>(sql`
    insert into oidc_identities (id, user_id, issuer, subject, email, last_sign_in_at)
    values (${Bun.randomUUIDv7()}, ${identity.userId}, ${identity.issuer}, ${identity.subject},
            ${identity.email}, now())
    on conflict (issuer, subject) do update set last_sign_in_at = now()
    returning user_id`);
  if (!row) throw new Error('insert returned nothing');
  return row.user_id;
}

/** Whether the account has an identity at `issuer` (it signed in through that provider). */
export async function hasIdentityAt(
  db: Executor,
  userId: string,
  issuer: string,
): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from oidc_identities where user_id = ${userId} and issuer = ${issuer} limit 1`,
  );
  return rows.length > 0;
}
