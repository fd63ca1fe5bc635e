import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { insertMessage } from '../messages';
import type { TicketPriority } from '../schemas';
import type { SlaSettings } from '../sla/config';
import { policiesForTicket } from '../sla/policies';
import { refreshTicketSla } from '../sla/refresh';
import { announceTicket, insertTicket } from '../tickets';

/**
 * A new ticket of the caller's — its number (next of the organization), its first message, then
 * its service-level timers, `ticket.created` with the ticket as it now reads — in one transaction.
 */
export function openTicket(
  db: Executor,
  scope: OrgScope,
  input: { subject: string; body: string; priority?: TicketPriority },
  sla: SlaSettings,
) {
  return db.transaction(async (tx) => {
    // The policies, read alongside the ticket's statements (pipelined, as in `reply`).
    const [ticketId, policies] = await Promise.all([
      insertTicket(tx, scope, input),
      policiesForTicket(tx, scope.orgId),
    ]);
    await insertMessage(tx, {
      orgId: scope.orgId,
      ticketId,
      authorId: scope.userId,
      body: input.body,
    });
    await refreshTicketSla(tx, scope.orgId, ticketId, sla, { policies, noTimers: true });
    return announceTicket(tx, scope.orgId, ticketId);
  });
}

/**
 * A ticket opened by a contact's mail, in the caller's transaction (the one that marks the mail
 * processed): the ticket, its first message, `ticket.created`. Answers the ticket and message ids.
 */
export async function openTicketFromMail(
  tx: Executor,
  input: { orgId: string; contactId: string; subject: string; body: string },
) {
  const ticketId = await insertTicket(tx, input, input);
  const messageId = await insertMessage(tx, {
    orgId: input.orgId,
    ticketId,
    authorContactId: input.contactId,
    body: input.body,
  });
  await announceTicket(tx, input.orgId, ticketId);
  return { ticketId, messageId };
}
