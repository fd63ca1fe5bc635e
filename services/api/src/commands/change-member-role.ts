import { recordAudit } from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import { changeRole, memberRole, type OrgScope, type Role } from '@insightdesk/shared/tenancy';
import type { AuditedBy } from '../audited';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

/** A member's new role (owners only for the owner role; the last owner stays one). */
export async function changeMemberRole(
  deps: Pick<ApiDeps, 'memberships' | 'cache'>,
  db: Executor,
  scope: OrgScope,
  userId: string,
  role: Role,
  audit: AuditedBy,
) {
  const member = await db.transaction(async (tx) => {
    const before = await memberRole(tx, scope.orgId, userId);
    const changed = await changeRole(tx, scope, userId, role);
    await recordAudit(tx, {
      organizationId: scope.orgId,
      ...audit,
      action: 'member.role-changed',
      target: { type: 'user', id: userId },
      change: { from: before, to: role },
    });
    return changed;
  });
  await membershipChanged(deps, scope.orgId, userId);
  return member;
}
