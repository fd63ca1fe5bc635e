import type { Executor } from '@insightdesk/shared/db';
import { changeRole, type OrgScope, type Role } from '@insightdesk/shared/tenancy';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

/** A member's new role (owners only for the owner role; the last owner stays one). */
export async function changeMemberRole(
  deps: Pick<ApiDeps, 'memberships' | 'cache'>,
  db: Executor,
  scope: OrgScope,
  userId: string,
  role: Role,
) {
  const member = await db.transaction((tx) => changeRole(tx, scope, userId, role));
  await membershipChanged(deps, scope.orgId, userId);
  return member;
}
