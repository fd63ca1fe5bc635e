import { sql } from 'drizzle-orm';
import { type Executor, isoText } from '../../db';

/**
 * The one owner of the `oidc_identities` table: identities at OpenID providers bound to our
 * accounts, by `(issuer, subject)` — the only pair a provider promises stays one person's — with
 * who made each link: the account holder's proof (`owner`), the provider's sign-in that created
 * the account (`provisioned`), or the provider's word alone (`provider`, links made before the
 * holder's proof was required).
 */

export type LinkedBy = 'owner' | 'provisioned' | 'provider';

/**
 * The account an identity signs in to, or undefined when it was never linked — or linked on a
 * provider's word alone (`provider`: an instance of the release before this one may still write
 * such a row while both run), which signs in no one.
 */
export async function userOfIdentity(
  db: Executor,
  issuer: string,
  subject: string,
): Promise<string | undefined> {
  const [row] = await db.execute<{ user_id: string }>(sql`
    update oidc_identities set last_sign_in_at = now()
     where issuer = ${issuer} and subject = ${subject} and linked_by <> 'provider'
    returning user_id`);
  return row?.user_id;
}

/**
 * Binds an identity to an account. A concurrent first sign-in of the same identity links once:
 * the loser finds the winner's row and answers its account. A row on a provider's word alone is
 * replaced.
 */
export async function linkIdentity(
  tx: Executor,
  identity: {
    userId: string;
    issuer: string;
    subject: string;
    email: string | null;
    linkedBy: Exclude<LinkedBy, 'provider'>;
    /** The organization whose provider makes the link (null: a deployment provider). */
    orgId: string | null;
  },
): Promise<string> {
  const [row] = await tx.execute<{ user_id: string }>(sql`
    insert into oidc_identities (id, user_id, issuer, subject, email, linked_by, org_id,
                                 last_sign_in_at)
    values (${Bun.randomUUIDv7()}, ${identity.userId}, ${identity.issuer}, ${identity.subject},
            ${identity.email}, ${identity.linkedBy}, ${identity.orgId}, now())
    on conflict (issuer, subject) do update set
      last_sign_in_at = now(),
      user_id = case when oidc_identities.linked_by = 'provider' then excluded.user_id
                     else oidc_identities.user_id end,
      org_id = case when oidc_identities.linked_by = 'provider' then excluded.org_id
                    else oidc_identities.org_id end,
      linked_by = case when oidc_identities.linked_by = 'provider' then excluded.linked_by
                       else oidc_identities.linked_by end
    returning user_id`);
  if (!row) throw new Error('insert returned nothing');
  return row.user_id;
}

/**
 * Whether the account is managed by the organization: its provider's sign-in created it, on a
 * domain the organization holds proven now (a domain lost since manages nobody).
 */
export async function managedBy(db: Executor, userId: string, orgId: string): Promise<boolean> {
  const [row] = await db.execute<{ managed: boolean }>(sql`
    select exists(
      select 1 from oidc_identities i join users u on u.id = i.user_id
       where i.user_id = ${userId} and i.org_id = ${orgId} and i.linked_by = 'provisioned'
         and lower(substring(u.email from '@([^@]+)$')) in (
           select domain from organization_domains
            where org_id = ${orgId} and verified_at is not null)) as managed`);
  return row?.managed === true;
}

/**
 * The mailbox owner wins: every link of the account its holder did not make ends (a password
 * reset proved the mailbox). Answers how many ended.
 */
export async function endLinksNotMadeByHolder(tx: Executor, userId: string): Promise<number> {
  const rows = await tx.execute(sql`
    delete from oidc_identities where user_id = ${userId} and linked_by <> 'owner' returning id`);
  return rows.length;
}

/**
 * An organization's provider was removed or now names another issuer: the links its sign-ins
 * made at the old issuer end. Answers how many.
 */
export async function endLinksOfProvider(
  tx: Executor,
  orgId: string,
  issuer: string,
): Promise<number> {
  const rows = await tx.execute(sql`
    delete from oidc_identities where org_id = ${orgId} and issuer = ${issuer} returning id`);
  return rows.length;
}

/** An identity linked to an account, as its holder sees it. */
export interface LinkedIdentity {
  readonly id: string;
  readonly issuer: string;
  readonly email: string | null;
  readonly linkedBy: 'owner' | 'provisioned';
  /** The organization whose provider made the link (null: a deployment provider). */
  readonly organizationId: string | null;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
}

/** The identities that sign in to an account, newest first. */
export async function identitiesOf(db: Executor, userId: string): Promise<LinkedIdentity[]> {
  const rows = await db.execute<{
    id: string;
    issuer: string;
    email: string | null;
    linked_by: 'owner' | 'provisioned';
    org_id: string | null;
    created_at: string;
    last_sign_in_at: string | null;
  }>(sql`
    select id, issuer, email, linked_by, org_id, ${isoText(sql`created_at`)} as created_at,
           ${isoText(sql`last_sign_in_at`)} as last_sign_in_at
      from oidc_identities where user_id = ${userId} and linked_by <> 'provider'
     order by created_at desc, id desc limit ${MAX_IDENTITIES}`);
  return rows.map((r) => ({
    id: r.id,
    issuer: r.issuer,
    email: r.email,
    linkedBy: r.linked_by,
    organizationId: r.org_id,
    createdAt: r.created_at,
    lastSignInAt: r.last_sign_in_at,
  }));
}

/** The most identities listed for one account (one per provider it signs in through). */
export const MAX_IDENTITIES = 100;

/** The holder removes a link: answers its issuer, or null when it is not one of theirs. */
export async function unlinkIdentity(
  tx: Executor,
  userId: string,
  id: string,
): Promise<string | null> {
  const [row] = await tx.execute<{ issuer: string }>(sql`
    delete from oidc_identities where id = ${id} and user_id = ${userId} returning issuer`);
  return row?.issuer ?? null;
}
