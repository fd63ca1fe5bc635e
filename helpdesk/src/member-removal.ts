import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { dropNotificationsOf } from './notifications';
import { lockSlaSettings } from './sla/policies';
import { unassignTicketsOf } from './tickets/ticket';

/**
 * What a member's removal means inside the help desk, in the removal's transaction (the
 * platform's `removeMember` command calls it once the membership is gone): the tickets assigned
 * to them are unassigned (`ticket.updated`) and their notifications of the organization go (the
 * user channel delivers none of them afterwards). What they requested stays the organization's.
 */
export async function membershipEnded(
  tx: Executor,
  scope: OrgScope,
  userId: string,
): Promise<void> {
  // The settings lock before the tickets' rows (lockSlaSettings): an organization's
  // recomputation of service levels holds it while it reads them one by one, in an order a
  // statement that locks many of them does not share.
  await lockSlaSettings(tx, scope.orgId, 'shared');
  await unassignTicketsOf(tx, scope, userId);
  await dropNotificationsOf(tx, scope.orgId, userId);
}
