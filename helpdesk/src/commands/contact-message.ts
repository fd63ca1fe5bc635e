import type { Executor } from '@insightdesk/shared/db';
import type { SlaSettings } from '../sla/config';
import { listPolicies, lockSlaSettings } from '../sla/policies';
import { refreshTicketSla } from '../sla/refresh';
import { createContactMessage } from '../tickets/messages';

/**
 * A contact's mail on a ticket (a reply, or a held mail released), in the caller's transaction:
 * the message with `message.created` and its notifications, then the ticket's service-level
 * timers (the customer wrote: a response is due again). The settings lock goes first, before the
 * message's statement locks the ticket's row (lockSlaSettings). Answers the message's id.
 */
export async function addContactMessage(
  tx: Executor,
  m: { orgId: string; ticketId: string; contactId: string; body: string },
  sla: SlaSettings,
): Promise<string> {
  const [, recorded] = await Promise.all([
    lockSlaSettings(tx, m.orgId, 'shared'),
    createContactMessage(tx, m),
  ]);
  await refreshTicketSla(tx, m.orgId, m.ticketId, sla, {
    policies: await listPolicies(tx, m.orgId),
    message: recorded,
  });
  return recorded.id;
}
