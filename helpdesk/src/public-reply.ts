/**
 * The rule of a public reply: a message the organization's side wrote for the requester to read
 * — not an internal note, by a member who is not the ticket's requester. A contact's mail is the
 * requester's side, whoever the contact is. It is decided once, where a message is recorded
 * (tickets/messages.ts), and the decision travels in `message.created` (`publicReply`): the
 * reply mail is sent for it, and it starts the ticket's first-response clock. The service
 * levels read the same rule over a ticket's stored thread (sla/ticket-slas.ts).
 */
export interface ThreadMessage {
  readonly internal: boolean;
  /** The member who wrote it; null for a contact's mail. */
  readonly memberAuthorId: string | null;
}

/** `requesterId`: the ticket's requester (a member's id, or a contact's). */
export const isPublicReply = (m: ThreadMessage, requesterId: string | null): boolean =>
  !m.internal && m.memberAuthorId !== null && m.memberAuthorId !== requesterId;
