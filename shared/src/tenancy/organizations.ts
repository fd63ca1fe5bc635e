import { asc, eq } from 'drizzle-orm';
import { type Executor, schema } from '../db';
import { NotFoundError } from '../errors';
import type { Organization } from '../shapes';
import { addOwner } from './memberships';
import type { OrgScope } from './org-access';
import type { Role } from './roles';

/** The one owner of the `organizations` table: the tenants. */

type OrgRow = typeof schema.organizations.$inferSelect;

export const organization = (row: Pick<OrgRow, 'id' | 'name' | 'createdAt'>): Organization => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});

/** A new organization with its creator as owner (one transaction). */
export async function createOrganization(
  tx: Executor,
  ownerId: string,
  name: string,
): Promise<Organization> {
  const [org] = await tx.insert(schema.organizations).values({ name }).returning();
  if (!org) throw new Error('insert returned nothing');
  await addOwner(tx, org.id, ownerId);
  return organization(org);
}

/** An organization by id, for callers no member stands behind (the worker, an invitation). */
export async function findOrganization(
  db: Executor,
  orgId: string,
): Promise<Organization | undefined> {
  const [org] = await db
    .select()
    .from(schema.organizations)
    .where(eq(schema.organizations.id, orgId));
  return org && organization(org);
}

export async function getOrganization(db: Executor, scope: OrgScope): Promise<Organization> {
  const org = await findOrganization(db, scope.orgId);
  if (!org) throw new NotFoundError('org_not_found', 'No such organization.');
  return org;
}

/**
 * The organizations a user belongs to, with their role in each (not org-scoped: it is theirs);
 * reads `memberships` to find them.
 */
export async function membershipsOfUser(
  db: Executor,
  userId: string,
): Promise<{ organization: Organization; role: Role }[]> {
  const rows = await db
    .select({ org: schema.organizations, role: schema.memberships.role })
    .from(schema.memberships)
    .innerJoin(schema.organizations, eq(schema.organizations.id, schema.memberships.orgId))
    .where(eq(schema.memberships.userId, userId))
    .orderBy(asc(schema.memberships.createdAt));
  return rows.map((r) => ({ organization: organization(r.org), role: r.role }));
}
