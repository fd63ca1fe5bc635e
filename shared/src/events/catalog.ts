import { z } from 'zod';
import { messageSchema, role, ticketSchema, userRef } from '../helpdesk/schemas';

/**
 * Who may receive a real-time event of an organization: staff (agents and above) always, a
 * requester only when the event concerns their own ticket — and never an internal note.
 */
export interface Audience {
  readonly staffOnly: boolean;
  /** The requester who may see it too (their ticket), when not staff-only. */
  readonly requesterId?: string;
}

interface EventDeclaration<S extends z.ZodType> {
  readonly data: S;
  /** Real-time events go to Socket.IO clients; the others only drive background work. */
  readonly realtime: boolean;
  readonly audience: (data: z.output<S>) => Audience;
}

const defineEvent = <S extends z.ZodType>(d: EventDeclaration<S>) => d;
const staff: Audience = { staffOnly: true };

/**
 * Every event type, declared once with its payload schema. The api writes them to the outbox in
 * the same transaction as the change; the worker relays them (Socket.IO rooms, emails); clients
 * receive `{id, orgId, type, at, data}` with `data` of this shape.
 */
export const events = {
  'ticket.created': defineEvent({
    data: z.object({ ticket: ticketSchema }),
    realtime: true,
    audience: (d) => ({ staffOnly: false, requesterId: d.ticket.requester.id }),
  }),
  'ticket.updated': defineEvent({
    data: z.object({ ticket: ticketSchema, changes: z.array(z.string()) }),
    realtime: true,
    audience: (d) => ({ staffOnly: false, requesterId: d.ticket.requester.id }),
  }),
  'ticket.deleted': defineEvent({
    data: z.object({ ticketId: z.uuid(), number: z.number().int(), requesterId: z.uuid() }),
    realtime: true,
    audience: (d) => ({ staffOnly: false, requesterId: d.requesterId }),
  }),
  'message.created': defineEvent({
    data: z.object({
      message: messageSchema,
      ticketNumber: z.number().int(),
      requesterId: z.uuid(),
    }),
    realtime: true,
    audience: (d) =>
      d.message.internal ? staff : { staffOnly: false, requesterId: d.requesterId },
  }),
  'attachment.ready': defineEvent({
    data: z.object({
      ticketId: z.uuid(),
      requesterId: z.uuid(),
      attachment: z.object({
        id: z.uuid(),
        filename: z.string(),
        contentType: z.string(),
        size: z.number().int(),
        hasThumbnail: z.boolean(),
      }),
    }),
    realtime: true,
    audience: (d) => ({ staffOnly: false, requesterId: d.requesterId }),
  }),
  'member.joined': defineEvent({
    data: z.object({ user: userRef, role }),
    realtime: true,
    audience: () => staff,
  }),
  'attachment.uploaded': defineEvent({
    data: z.object({ attachmentId: z.uuid(), ticketId: z.uuid() }),
    realtime: false,
    audience: () => staff,
  }),
  'invitation.created': defineEvent({
    data: z.object({
      invitationId: z.uuid(),
      email: z.email(),
      role,
      organizationName: z.string(),
      invitedBy: userRef,
    }),
    realtime: false,
    audience: () => staff,
  }),
  /** Account events belong to no organization (recorded with orgId null); they only mail. */
  'account.verification-requested': defineEvent({
    data: z.object({ tokenId: z.uuid() }),
    realtime: false,
    audience: () => staff,
  }),
  'account.password-reset-requested': defineEvent({
    data: z.object({ tokenId: z.uuid() }),
    realtime: false,
    audience: () => staff,
  }),
} as const;

export type EventType = keyof typeof events;
export type EventData<T extends EventType> = z.output<(typeof events)[T]['data']>;
export const REALTIME_EVENT_TYPES = (Object.keys(events) as EventType[]).filter(
  (t) => events[t].realtime,
);

/** What clients receive (and what the relay appends to the organization's stream). */
export interface EventEnvelope<T extends EventType = EventType> {
  readonly id: string;
  readonly orgId: string;
  readonly type: T;
  readonly at: string;
  readonly data: EventData<T>;
}
