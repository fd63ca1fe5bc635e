import type { Executor } from '@insightdesk/shared/db';
import type { Access } from '../access';
import type { SlaSettings } from '../sla/config';
import { lockSlaSettings } from '../sla/policies';
import { refreshTicketSla } from '../sla/refresh';
import { type TicketChanges, updateTicket } from '../tickets/ticket';

/**
 * Changes a ticket still at `version` (412 otherwise): its service-level timers again (a status
 * or priority moves them), `ticket.updated`, and a notification for a new assignee — one
 * transaction.
 */
export function changeTicket(
  db: Executor,
  scope: Access,
  ticketId: string,
  version: number,
  changes: TicketChanges,
  sla: SlaSettings,
) {
  return db.transaction(async (tx) => {
    // The settings lock before the ticket's row lock (lockSlaSettings), in the same round trip.
    const [, ticket] = await Promise.all([
      lockSlaSettings(tx, scope.orgId, 'shared'),
      updateTicket(tx, scope, ticketId, version, changes, (tx) =>
        refreshTicketSla(tx, scope.orgId, ticketId, sla),
      ),
    ]);
    return ticket;
  });
}
