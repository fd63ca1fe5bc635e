import type { Executor } from '@insightdesk/shared/db';
import type { Access } from '../access';
import type { SlaSettings } from '../sla/config';
import { refreshTicketSla } from '../sla/refresh';
import { createMessage } from '../tickets/messages';

/**
 * A reply or an internal note on a ticket: the message, its notifications and their events, the
 * ticket's service-level timers (a reply meets a response target, a requester's message starts
 * the next) — one transaction; the mail follows from `message.created` (the worker's mail jobs).
 */
export function reply(
  db: Executor,
  scope: Access,
  ticketId: string,
  input: { body: string; internal?: boolean },
  sla: SlaSettings,
) {
  return db.transaction(async (tx) => {
    // The message's statement takes the settings lock and reads the policies under it before it
    // locks the ticket's row (settingsUnderLock): no statement of the service levels' own unless
    // there are policies to compute timers from, or timers to drop. An internal note moves no
    // timer and takes neither.
    const timed = !input.internal;
    const { message, sla: settings } = await createMessage(tx, scope, ticketId, input, { timed });
    if (settings) {
      const { policies, hasTimers, message: recorded } = settings;
      await refreshTicketSla(tx, scope.orgId, ticketId, sla, {
        policies,
        noTimers: !hasTimers,
        message: recorded,
      });
    }
    return message;
  });
}
