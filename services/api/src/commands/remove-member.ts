import { recordAudit } from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import { deleteMembership, type OrgScope } from '@insightdesk/shared/tenancy';
import type { AuditedBy } from '../audited';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

/**
 * A member leaves the organization (never the last owner) and removal means removal: in the same
 * transaction the product drops what was theirs in it (`membershipEnded`: the help desk unassigns
 * their tickets and deletes their notifications). Once committed every instance forgets their
 * role, and within 15 s their sockets stop hearing the organization (subscription.ended).
 */
export async function removeMember(
  deps: Pick<ApiDeps, 'memberships' | 'cache' | 'membershipEnded'>,
  db: Executor,
  scope: OrgScope,
  userId: string,
  audit: AuditedBy,
): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteMembership(tx, scope, userId);
    await deps.membershipEnded(tx, scope, userId);
    await recordAudit(tx, {
      organizationId: scope.orgId,
      ...audit,
      action: 'member.removed',
      target: { type: 'user', id: userId },
    });
  });
  await membershipChanged(deps, scope.orgId, userId);
}
