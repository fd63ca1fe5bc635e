import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db';
import { schema } from '../db';

export type UserRow = typeof schema.users.$inferSelect;

export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

export const publicUser = (u: Pick<UserRow, 'id' | 'email' | 'name'>): PublicUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
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
  user: { email: string; name: string; passwordHash: string },
): Promise<UserRow> {
  const [row] = await db
    .insert(schema.users)
    .values({ ...user, email: normalizeEmail(user.email) })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}
