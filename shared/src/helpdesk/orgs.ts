import { asc, eq } from 'drizzle-orm';
import { type Executor, schema } from '../db';
import { NotFoundError } from '../errors';
import type { OrgScope, Role } from '../tenancy';
import type { Organization } from './schemas';

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
  await tx.insert(schema.memberships).values({ orgId: org.id, userId: ownerId, role: 'owner' });
  return organization(org);
}

export async function getOrganization(db: Executor, scope: OrgScope): Promise<Organization> {
  const [org] = await db
    .select()
    .from(schema.organizations)
    .where(eq(schema.organizations.id, scope.orgId));
  if (!org) throw new NotFoundError('org_not_found', 'No such organization.');
  return organization(org);
}

/** The organizations a user belongs to, with their role in each (not org-scoped: it is theirs). */
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
