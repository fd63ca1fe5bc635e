import type { Executor } from '@insightdesk/shared/db';
import type { Mailer } from '@insightdesk/shared/mail';
import { openingMessageId } from '../inbound/inbound-emails';

/**
 * A ticket's mails as one conversation in each recipient's mail client (RFC 5322 §3.6.4). Each
 * recipient's thread has a root, the first mail of ours about the ticket they get: the requester's
 * confirmation, an agent's new-ticket notice. Every later mail answers the root (In-Reply-To) and
 * names the thread (References, oldest first). A ticket that came by mail starts with the
 * customer's own mail: the confirmation answers it, and every mail to the requester names it
 * first, while that mail is kept (inbound-emails.ts). A root is named by the Message-ID of its
 * dedupe key, sent or not: a client threads under an ID it has not seen as well.
 */

export const confirmationKey = (ticketId: string) => `ticket-created:${ticketId}:requester`;
export const agentNoticeKey = (ticketId: string, userId: string) =>
  `ticket-created:${ticketId}:agent:${userId}`;

interface Thread {
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
}

export function mailThreads(db: Executor, mailer: Mailer) {
  /** The customer's mail that opened the ticket: only a contact's ticket came by mail. */
  const opening = (orgId: string, ticketId: string, byContact: boolean) =>
    byContact ? openingMessageId(db, orgId, ticketId) : Promise.resolve(null);
  const answering = (root: string, before: string | null): Thread => ({
    inReplyTo: root,
    references: before ? [before, root] : [root],
  });
  return {
    /** The requester's confirmation: the root, an answer to the customer's mail if one opened it. */
    async confirmation(orgId: string, ticketId: string, byContact: boolean): Promise<Thread> {
      const original = await opening(orgId, ticketId, byContact);
      return original ? { inReplyTo: original, references: [original] } : {};
    },
    /** A later mail to the requester: an answer to the confirmation. */
    async toRequester(orgId: string, ticketId: string, byContact: boolean): Promise<Thread> {
      const original = await opening(orgId, ticketId, byContact);
      return answering(mailer.messageIdOf(confirmationKey(ticketId)), original);
    },
    /** A later mail to an agent: an answer to the agent's new-ticket notice. */
    toAgent(ticketId: string, userId: string): Thread {
      return answering(mailer.messageIdOf(agentNoticeKey(ticketId, userId)), null);
    },
  };
}
