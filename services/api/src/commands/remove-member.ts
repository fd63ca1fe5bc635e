import type { Executor } from '@insightdesk/shared/db';
import { type OrgScope, removeMember as remove } from '@insightdesk/shared/tenancy';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

/**
 * A member leaves the organization (never the last owner). Once committed every instance forgets
 * their role, and within 15 s their sockets stop hearing the organization (subscription.ended).
 */
export async function removeMember(
  deps: Pick<ApiDeps, 'memberships' | 'cache'>,
  db: Executor,
  scope: OrgScope,
  userId: string,
): Promise<void> {
  await db.transaction((tx) => remove(tx, scope, userId));
  await membershipChanged(deps, scope.orgId, userId);
}
