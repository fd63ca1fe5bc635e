import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { type Executor, schema } from '../db';
import { decodeCursor, type Page, toPage } from '../db/pagination';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { eventWriter } from '../events/outbox';
import type { Member } from '../shapes';
import { tenancyEvents } from './events';
import { isUuid, type OrgScope } from './org-access';
import type { Role, RoleLadder } from './roles';

const { record: recordTenancyEvent } = eventWriter(tenancyEvents);

/**
 * The one owner of the `memberships` table: who belongs to which organization, with which role,
 * and the rules for changing that (owners only grant the owner role; the last owner stays). Reads
 * that list members join `users` for their names and emails.
 */

const { memberships, users } = schema;

/**
 * A user's role in an organization, or null. Uncached: the membership check every org-scoped
 * request makes goes through `createMemberships` (tenancy), which caches this.
 */
export async function memberRole(
  db: Executor,
  orgId: string,
  userId: string,
): Promise<Role | null> {
  const [row] = await db.execute<{ role: Role }>(
    sql`select role_name as role from memberships where org_id = ${orgId} and user_id = ${userId}`,
  );
  return row?.role ?? null;
}

/** The creator of a new organization, its first owner (in the organization's transaction). */
export async function addOwner(tx: Executor, orgId: string, userId: string): Promise<void> {
  await tx.insert(memberships).values({ orgId, userId, role: 'owner' });
}

/** The organization's members holding one of `roles`, with their emails; joins `users`. */
export async function membersWithRoles(db: Executor, orgId: string, roles: readonly Role[]) {
  return db.execute<{ id: string; email: string; name: string }>(sql`
    select u.id, u.email, u.name from memberships m join users u on u.id = m.user_id
     where m.org_id = ${orgId}
       and m.role_name in (${sql.join(
         roles.map((r) => sql`${r}`),
         sql`, `,
       )})
     order by u.id`);
}

export async function listMembers(
  db: Executor,
  scope: OrgScope,
  page: { limit: number; cursor?: string },
): Promise<Page<Member>> {
  const after = decodeCursor(page.cursor);
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.orgId, scope.orgId),
        after
          ? or(
              gt(memberships.createdAt, after.at),
              and(eq(memberships.createdAt, after.at), gt(users.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(memberships.createdAt), asc(users.id))
    .limit(page.limit + 1);
  return toPage(
    rows,
    page.limit,
    (r) => ({
      user: { id: r.id, email: r.email, name: r.name },
      role: r.role,
      joinedAt: r.joinedAt.toISOString(),
    }),
    (r) => ({ at: r.joinedAt, id: r.id }),
  );
}

const memberNotFound = () => new NotFoundError('member_not_found', 'No such member.');

/** The target's current membership, locked for the rest of the transaction. */
async function lockMember(tx: Executor, scope: OrgScope, userId: string): Promise<Role> {
  if (!isUuid(userId)) throw memberNotFound();
  const [row] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, userId)))
    .for('update');
  if (!row) throw memberNotFound();
  return row.role;
}

/** Owners are locked too, so two concurrent demotions cannot both see "another owner left". */
async function ownerCount(tx: Executor, scope: OrgScope): Promise<number> {
  const owners = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.role, 'owner')))
    .for('update');
  return owners.length;
}

/** Only an owner may grant, change or take away the owner role. */
export function checkOwnerRights(scope: OrgScope, ...roles: Role[]) {
  if (roles.includes('owner') && scope.role !== 'owner') {
    throw new ForbiddenError('owner_only', 'Only an owner can grant or change the owner role.');
  }
}

export async function changeRole(
  tx: Executor,
  scope: OrgScope,
  userId: string,
  role: Role,
): Promise<Member> {
  const current = await lockMember(tx, scope, userId);
  checkOwnerRights(scope, current, role);
  if (current === 'owner' && role !== 'owner' && (await ownerCount(tx, scope)) <= 1) {
    throw new ConflictError(
      'last_owner',
      'The last owner cannot be demoted; make someone else owner first.',
    );
  }
  await tx
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, userId)));
  const [row] = await tx
    .select({ id: users.id, email: users.email, name: users.name, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, userId)));
  if (!row) throw memberNotFound();
  return {
    user: { id: row.id, email: row.email, name: row.name },
    role,
    joinedAt: row.joinedAt.toISOString(),
  };
}

/** The membership row goes (the command `removeMember` does the rest, a product's part included). */
export async function deleteMembership(
  tx: Executor,
  scope: OrgScope,
  userId: string,
): Promise<void> {
  const current = await lockMember(tx, scope, userId);
  checkOwnerRights(scope, current);
  if (current === 'owner' && (await ownerCount(tx, scope)) <= 1) {
    throw new ConflictError('last_owner', 'The last owner cannot be removed.');
  }
  await tx
    .delete(memberships)
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, userId)));
}

/** Adds a member (invitation accepted); a current member keeps the higher of the two roles. */
export async function addMember(
  tx: Executor,
  roles: RoleLadder,
  orgId: string,
  user: { id: string; name: string },
  role: Role,
): Promise<Role> {
  const [existing] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, user.id)))
    .for('update');
  if (existing) {
    if (roles.atLeast(existing.role, role)) return existing.role;
    await tx
      .update(memberships)
      .set({ role })
      .where(and(eq(memberships.orgId, orgId), eq(memberships.userId, user.id)));
    return role;
  }
  await tx.insert(memberships).values({ orgId, userId: user.id, role });
  await recordTenancyEvent(tx, orgId, 'member.joined', { user, role });
  return role;
}
