/**
 * What a recorded mail becomes: the inbound decision table, as pure functions of what is known
 * of the mail (and of the ticket it answers). Rows are tried in order; the first that matches
 * decides:
 *
 *   our own mail come back        dropped (a loop)
 *   a delivery status report      its failed recipients marked bounced: nothing more is mailed to them
 *   failing SPF/DKIM/DMARC        as the organization's policy says: accepted, flagged, or refused
 *   no sender address             dropped
 *   to a reply address            a message on its ticket (its token made for the envelope sender:
 *                                 checked at RCPT, and here again; else held)
 *   In-Reply-To / References      a message on the ticket of the mail of ours it answers, if the
 *     naming a mail of ours       sender is the ticket's requester; else held (not a participant).
 *     (its keyed Message-ID)      An unkeyed one proves nothing (message-id.ts): not a reply
 *   else, automatic (RFC 3834)    dropped: an auto-reply never opens a ticket, so nothing answers it
 *   else, from a person           a new ticket from the sender as a contact
 *
 * The rows before the reply address need nothing but the mail (`triageMail`); the ones after
 * need the ticket it answers, looked up only then (`decideAnswer`).
 */

/** What is known of a recorded mail before anything is written. */
export interface MailFacts {
  /** The organization it was recorded for. */
  readonly orgId: string;
  /** It carries our own mark: a mail of ours come back. */
  readonly ours: boolean;
  /** A delivery status report's failed recipients; null when the mail is not one. */
  readonly failedRecipients: readonly string[] | null;
  /** What the organization's authentication policy made of it. */
  readonly auth: 'accepted' | 'flagged' | 'rejected';
  /** The sender's address (From, else the envelope's); null when it is none. */
  readonly sender: string | null;
  /** Why the mail is automatic (RFC 3834); null when a person sent it. */
  readonly automatic: string | null;
  /** Its recipient is a reply address of ours: the ticket it names, and whether it was made for the envelope sender. */
  readonly replyAddress: { readonly ticketId: string; readonly forSender: boolean } | null;
}

/** The ticket the mail answers, as found (any organization's). */
export interface AnsweredTicket {
  readonly id: string;
  readonly orgId: string;
  /** The address of its requester: a member's or a contact's. */
  readonly requesterEmail: string;
  /** Its requester is a contact (a ticket opened by mail), not a member. */
  readonly byContact: boolean;
}

export type InboundDecision =
  | { readonly action: 'drop'; readonly outcome: string }
  | { readonly action: 'refuse'; readonly outcome: string }
  | { readonly action: 'hold'; readonly outcome: string; readonly ticketId?: string }
  | { readonly action: 'mark bounced'; readonly recipients: readonly string[] }
  | {
      readonly action: 'add message';
      readonly ticketId: string;
      readonly via: 'reply address' | 'threaded';
    }
  | { readonly action: 'open ticket' };

/** The rows that need only the mail; null when the mail goes on to the ticket it answers. */
export function triageMail(m: MailFacts): InboundDecision | null {
  if (m.ours) return { action: 'drop', outcome: 'our own mail come back (loop)' };
  if (m.failedRecipients) return { action: 'mark bounced', recipients: m.failedRecipients };
  if (m.auth === 'rejected')
    return { action: 'refuse', outcome: 'failed SPF/DKIM/DMARC (policy: reject)' };
  if (!m.sender) return { action: 'drop', outcome: 'no sender address' };
  // The ingress refuses a reply address not made for the envelope sender; checked again here,
  // so that no recorded mail posts on a ticket under a token that is not its sender's.
  if (m.replyAddress && !m.replyAddress.forSender)
    return { action: 'hold', outcome: 'reply address not made for the sender' };
  return null;
}

/**
 * The rows after: `answered` is the ticket its reply address or its threading names (null: it
 * names none, or none is there).
 */
export function decideAnswer(
  m: MailFacts,
  names: { readonly ticketId: string | null; readonly answered: AnsweredTicket | null },
): InboundDecision {
  const { ticketId, answered } = names;
  if (ticketId) {
    if (!answered || answered.orgId !== m.orgId)
      return { action: 'hold', outcome: 'answers a ticket that is gone' };
    // The reply address was made for the requester; a threaded reply must come from them.
    const participant =
      m.replyAddress !== null || answered.requesterEmail.toLowerCase() === m.sender;
    // The ticket is kept with it: an admin may release it there (commands/held-mail.ts).
    if (!participant || !answered.byContact)
      return { action: 'hold', outcome: 'not a participant of the ticket', ticketId };
    return {
      action: 'add message',
      ticketId,
      via: m.replyAddress ? 'reply address' : 'threaded',
    };
  }
  if (m.replyAddress) return { action: 'hold', outcome: 'reply address without a ticket' };
  if (m.automatic) return { action: 'drop', outcome: `automatic mail (${m.automatic})` };
  return { action: 'open ticket' };
}

/** The whole table, for a mail whose answered ticket is known already. */
export function decideInbound(
  m: MailFacts,
  names: { readonly ticketId: string | null; readonly answered: AnsweredTicket | null },
): InboundDecision {
  return triageMail(m) ?? decideAnswer(m, names);
}

/** What the mail's row says of the files it brought: `; attachments: 2 kept, 1 refused`. */
export function attachmentsNote(kept: number, refused: number): string {
  if (kept + refused === 0) return '';
  return `; attachments: ${kept} kept${refused ? `, ${refused} refused` : ''}`;
}

/** The outcome of a mail the policy flagged, when it was processed all the same: it says so. */
export function flaggedNote(outcome: string, auth: MailFacts['auth'], processed: boolean): string {
  return auth === 'flagged' && processed ? `${outcome}; flagged: failed SPF/DKIM/DMARC` : outcome;
}
