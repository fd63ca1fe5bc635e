import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { type TicketChanges, updateTicket } from '../tickets';

/**
 * Changes a ticket still at `version` (412 otherwise): `ticket.updated`, and a notification for
 * a new assignee — one transaction.
 */
export function changeTicket(
  db: Executor,
  scope: OrgScope,
  ticketId: string,
  version: number,
  changes: TicketChanges,
) {
  return db.transaction((tx) => updateTicket(tx, scope, ticketId, version, changes));
}
