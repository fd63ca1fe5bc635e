import type { Executor } from '@insightdesk/shared/db';
import type { Access } from '../access';
import { deleteTicket } from '../tickets/ticket';

/**
 * Deletes a ticket with its messages and attachments' rows (`ticket.deleted`; the worker removes
 * the stored files after `attachments.deleted`) — one transaction.
 */
export function removeTicket(db: Executor, scope: Access, ticketId: string): Promise<void> {
  return db.transaction((tx) => deleteTicket(tx, scope, ticketId));
}
