import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { createMessage } from '../messages';
import type { SlaSettings } from '../sla/config';
import { lockSlaSettings } from '../sla/policies';
import { refreshTicketSla } from '../sla/refresh';
import { policiesDroppingTimers } from '../sla/ticket-slas';

/**
 * A reply or an internal note on a ticket: the message, its notifications and their events, the
 * ticket's service-level timers (a reply meets a response target, a requester's message starts
 * the next) — one transaction; the mail follows from `message.created` (the worker's mail jobs).
 */
export function reply(
  db: Executor,
  scope: OrgScope,
  ticketId: string,
  input: { body: string; internal?: boolean },
  sla: SlaSettings,
) {
  return db.transaction(async (tx) => {
    // The policies do not depend on the message: read alongside its statement (postgres.js
    // pipelines them on the transaction's connection, in this order) by the statement that drops
    // the timers when there is no policy: a round trip fewer per reply without one. The settings
    // lock goes first, before the message's statement locks the ticket's row (lockSlaSettings);
    // an internal note moves no timer and takes neither.
    const timed = !input.internal;
    const [, message, policies] = await Promise.all([
      timed ? lockSlaSettings(tx, scope.orgId, 'shared') : null,
      createMessage(tx, scope, ticketId, input),
      timed ? policiesDroppingTimers(tx, scope.orgId, ticketId) : null,
    ]);
    if (policies) {
      const noTimers = policies.length === 0;
      await refreshTicketSla(tx, scope.orgId, ticketId, sla, { policies, noTimers });
    }
    return message;
  });
}
