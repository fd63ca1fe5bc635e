import { eq, sql } from 'drizzle-orm';
import { type Executor, isUniqueViolation, schema } from '../db';
import type { EncryptedColumn } from '../encryption';
import { ConflictError } from '../errors';

/**
 * The one owner of the `users` table: every statement on it is here (its TOTP columns included,
 * whose meaning two-factor.ts decides). Others read a user's name by joining it, in statements
 * their own table's owner keeps.
 */

export type UserRow = typeof schema.users.$inferSelect;

export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly emailVerified: boolean;
}

export const publicUser = (
  u: Pick<UserRow, 'id' | 'email' | 'name' | 'emailVerifiedAt'>,
): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  emailVerified: u.emailVerifiedAt !== null,
});

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(schema.users)
    .where(eq(sql`lower(${schema.users.email})`, normalizeEmail(email)))
    .limit(1);
  return row;
}

export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(schema.users).where(eq(schema.users.id, id)).limit(1);
  return row;
}

/**
 * A new account. An address already registered (in any case: the unique index is on its lower
 * case) is 409 `email_taken` — the one place that constraint becomes a problem; the caller's
 * transaction is then rolled back whole.
 */
export async function insertUser(
  db: Executor,
  user: { email: string; name: string; passwordHash: string; emailVerified?: boolean },
): Promise<UserRow> {
  const { emailVerified, ...fields } = user;
  let row: UserRow | undefined;
  try {
    [row] = await db
      .insert(schema.users)
      .values({
        ...fields,
        email: normalizeEmail(user.email),
        emailVerifiedAt: emailVerified ? new Date() : null,
      })
      .returning();
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key'))
      throw new ConflictError('email_taken', 'An account with this email already exists.');
    throw err;
  }
  if (!row) throw new Error('insert returned nothing');
  return row;
}

/** A new display name (an invitation accepted by an account taken over). */
export async function setUserName(db: Executor, userId: string, name: string): Promise<void> {
  await db.update(schema.users).set({ name }).where(eq(schema.users.id, userId));
}

/** Marks the address verified; true when it was not until now. */
export async function markEmailVerified(db: Executor, userId: string): Promise<boolean> {
  const rows = await db.execute(sql`
    update users set email_verified_at = now(), updated_at = now()
     where id = ${userId} and email_verified_at is null
    returning id`);
  return rows.length > 0;
}

export async function setPasswordHash(
  db: Executor,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.execute(sql`
    update users set password_hash = ${passwordHash}, updated_at = now() where id = ${userId}`);
}

/**
 * The epoch new access tokens of this user are issued under, with the user's row share-locked
 * until the caller's transaction ends: whatever ends the user's sessions (`bumpSessionEpoch`)
 * waits for the tokens being issued meanwhile to commit, so that its revocation sees them, or
 * is waited for, so that the issuer reads the new epoch and the revocation it committed.
 */
export async function lockSessionEpoch(tx: Executor, userId: string): Promise<number | undefined> {
  const [row] = await tx.execute<{ epoch: number }>(
    sql`select session_epoch as epoch from users where id = ${userId} for share`,
  );
  return row?.epoch;
}

/** Session state of a user: the current epoch and the one session exempt from its last bump. */
export async function sessionState(
  db: Executor,
  userId: string,
): Promise<{ epoch: number; keptFamily: string | null } | null> {
  const [row] = await db.execute<{ epoch: number; kept_family: string | null }>(
    sql`select session_epoch as epoch, kept_family from users where id = ${userId}`,
  );
  return row ? { epoch: row.epoch, keptFamily: row.kept_family } : null;
}

/** Every access token issued so far stops working, but those of `keep` (a session family). */
export async function bumpSessionEpoch(
  tx: Executor,
  userId: string,
  keep: string | null,
): Promise<void> {
  await tx.execute(sql`
    update users set session_epoch = session_epoch + 1, kept_family = ${keep}, updated_at = now()
     where id = ${userId}`);
}

/** The `totp_*` columns of a user, as stored (the secret encrypted). */
export interface TotpColumns {
  readonly secret: string | null;
  readonly enabled: boolean;
  /** The last time step accepted (a bigint, as text), or null. */
  readonly lastStep: string | null;
  readonly email: string;
}

/** `lock`: the row stays locked for the rest of the caller's transaction. */
export async function totpColumns(
  db: Executor,
  userId: string,
  lock = false,
): Promise<TotpColumns | undefined> {
  const [row] = await db.execute<{
    secret: string | null;
    enabled: boolean;
    last_step: string | null;
    email: string;
  }>(sql`
    select totp_secret as secret, totp_enabled_at is not null as enabled,
           totp_last_step as last_step, email
      from users where id = ${userId} ${lock ? sql`for update` : sql``}`);
  return (
    row && { secret: row.secret, enabled: row.enabled, lastStep: row.last_step, email: row.email }
  );
}

/** A new pending secret (encrypted), unless 2FA is already on; no step accepted yet. */
export async function setPendingTotpSecret(
  db: Executor,
  userId: string,
  encryptedSecret: string,
): Promise<void> {
  await db.execute(sql`
    update users set totp_secret = ${encryptedSecret}, totp_last_step = null, updated_at = now()
     where id = ${userId} and totp_enabled_at is null`);
}

export async function setTotpLastStep(tx: Executor, userId: string, step: number): Promise<void> {
  await tx.execute(sql`update users set totp_last_step = ${step} where id = ${userId}`);
}

export async function markTotpEnabled(tx: Executor, userId: string): Promise<void> {
  await tx.execute(
    sql`update users set totp_enabled_at = now(), updated_at = now() where id = ${userId}`,
  );
}

export async function clearTotp(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`
    update users set totp_secret = null, totp_enabled_at = null, totp_last_step = null,
                     updated_at = now()
     where id = ${userId}`);
}

/**
 * The TOTP secrets, encrypted at rest, each bound to its user (its context); key rotation walks
 * them: the values not under the current key (`notUnder`, in id order), each replaced unless the
 * secret changed meanwhile (that write wins).
 */
export const totpSecretColumn: EncryptedColumn = {
  name: 'users.totp_secret',
  context: (id) => `users.totp_secret:${id}`,
  async notUnder(db, current, after, limit) {
    return [
      ...(await db.execute<{ id: string; value: string }>(sql`
        select id, totp_secret as value from users
         where totp_secret is not null and totp_secret not like ${current} and id > ${after}
         order by id limit ${limit}`)),
    ];
  },
  async replace(db, id, old, fresh) {
    const updated = await db.execute(sql`
      update users set totp_secret = ${fresh}
       where id = ${id} and totp_secret = ${old} returning id`);
    return updated.length === 1;
  },
};
