import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import type { TicketPriority } from '../schemas';
import type { SlaSettings } from '../sla/config';
import { listPolicies, lockSlaSettings } from '../sla/policies';
import { refreshTicketSla } from '../sla/refresh';
import { insertMessage } from '../tickets/messages';
import { announceTicket, insertTicket } from '../tickets/ticket';

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
  return db.transaction(async (tx) => (await open(tx, scope, input, sla)).ticket);
}

/**
 * A ticket opened by a contact's mail, in the caller's transaction (the one that marks the mail
 * processed): as `openTicket`, the contact its requester. Answers the ticket and message ids.
 */
export async function openTicketFromMail(
  tx: Executor,
  input: { orgId: string; contactId: string; subject: string; body: string },
  sla: SlaSettings,
) {
  const { ticketId, messageId } = await open(tx, input, input, sla);
  return { ticketId, messageId };
}

async function open(
  tx: Executor,
  requester: OrgScope | { readonly orgId: string; readonly contactId: string },
  input: { subject: string; body: string; priority?: TicketPriority },
  sla: SlaSettings,
) {
  const { orgId } = requester;
  // The settings lock first (lockSlaSettings); the policies' read and the ticket's statements
  // behind it, pipelined as in `reply`.
  const [, ticketId, policies] = await Promise.all([
    lockSlaSettings(tx, orgId, 'shared'),
    insertTicket(tx, requester, input),
    listPolicies(tx, orgId),
  ]);
  const messageId = await insertMessage(tx, {
    orgId,
    ticketId,
    body: input.body,
    ...('contactId' in requester
      ? { authorContactId: requester.contactId }
      : { authorId: requester.userId }),
  });
  await refreshTicketSla(tx, orgId, ticketId, sla, { policies, noTimers: true });
  return { ticketId, messageId, ticket: await announceTicket(tx, orgId, ticketId) };
}
