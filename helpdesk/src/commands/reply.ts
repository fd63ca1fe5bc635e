import type { Executor } from '@insightdesk/shared/db';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import { createMessage } from '../messages';

/**
 * A reply or an internal note on a ticket: the message, its notifications and their events —
 * one transaction; the mail follows from `message.created` (the worker's mail jobs).
 */
export function reply(
  db: Executor,
  scope: OrgScope,
  ticketId: string,
  input: { body: string; internal?: boolean },
) {
  return db.transaction((tx) => createMessage(tx, scope, ticketId, input));
}
