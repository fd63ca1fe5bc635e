import type { Executor } from '../db';
import { dropNotificationsOf } from '../notifications';
import type { OrgScope } from '../tenancy';
import { deleteMembership } from './members';
import { unassignTicketsOf } from './tickets';

/**
 * Removing a member means removal, in one transaction: the membership goes (never the last
 * owner's), the tickets assigned to them are unassigned (`ticket.updated`), and their
 * notifications of the organization go (the relay delivers none of them afterwards). What they
 * requested stays the organization's. The caller drops the cached role once this committed.
 */
export async function removeMember(tx: Executor, scope: OrgScope, userId: string): Promise<void> {
  await deleteMembership(tx, scope, userId);
  await unassignTicketsOf(tx, scope, userId);
  await dropNotificationsOf(tx, scope.orgId, userId);
}
