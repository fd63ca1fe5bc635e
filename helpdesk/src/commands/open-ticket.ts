import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import type { TicketPriority } from '../schemas';
import { createTicket } from '../tickets';

/** A new ticket of the caller's (its number, its first message, `ticket.created`): one transaction. */
export function openTicket(
  db: Executor,
  scope: OrgScope,
  input: { subject: string; body: string; priority?: TicketPriority },
) {
  return db.transaction((tx) => createTicket(tx, scope, input));
}
