import type { Executor } from '@insightdesk/shared/db';
import { createOrganization as insertOrganization } from '@insightdesk/shared/tenancy';
import { type AuditedBy, recordOrganizationCreated } from '../audited';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

/** A new organization with the caller as its owner; their cached memberships are dropped. */
export async function createOrganization(
  deps: Pick<ApiDeps, 'memberships' | 'cache'>,
  db: Executor,
  userId: string,
  name: string,
  audit: AuditedBy,
) {
  const organization = await db.transaction(async (tx) => {
    const created = await insertOrganization(tx, userId, name);
    await recordOrganizationCreated(tx, created, audit);
    return created;
  });
  await membershipChanged(deps, organization.id, userId);
  return organization;
}
