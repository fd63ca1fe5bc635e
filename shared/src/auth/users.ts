import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { schema } from '../db';

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

export async function insertUser(
  db: Executor,
  user: { email: string; name: string; passwordHash: string; emailVerified?: boolean },
): Promise<UserRow> {
  const { emailVerified, ...fields } = user;
  const [row] = await db
    .insert(schema.users)
    .values({
      ...fields,
      email: normalizeEmail(user.email),
      emailVerifiedAt: emailVerified ? new Date() : null,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function markEmailVerified(db: Executor, userId: string): Promise<void> {
  await db.execute(sql`
    update users set email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
     where id = ${userId}`);
}

export async function setPasswordHash(
  db: Executor,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await db.execute(sql`
    update users set password_hash = ${passwordHash}, updated_at = now() where id = ${userId}`);
}

/** The epoch new access tokens of this user are issued under. */
export async function sessionEpoch(db: Executor, userId: string): Promise<number> {
  const [row] = await db.execute<{ epoch: number }>(
    sql`select session_epoch as epoch from users where id = ${userId}`,
  );
  return row?.epoch ?? 0;
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
