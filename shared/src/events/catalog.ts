import { z } from 'zod';
import {
  messageSchema,
  notificationSchema,
  role,
  ticketSchema,
  userRef,
} from '../helpdesk/schemas';

/**
 * Who may receive a real-time event of an organization: staff (agents and above) always, a
 * requester only when the event concerns their own ticket — and never an internal note.
 */
export interface Audience {
  readonly staffOnly: boolean;
  /** The requester who may see it too (their ticket), when not staff-only. */
  readonly requesterId?: string;
}

/** Bounds on what a real-time event may carry (`realtimeConfig`). */
export interface ClientDataLimits {
  /** Longer message bodies are cut, with `bodyTruncated: true` (the API has the whole). */
  readonly bodyMaxChars: number;
}

/** What the relay and the ws instances do with an event's data, whatever its schema. */
export interface EventBehaviour<D> {
  /** Real-time events go to Socket.IO clients; the others only drive background work. */
  readonly realtime: boolean;
  readonly audience: (data: D) => Audience;
  /**
   * What clients get (and the stream keeps) when it is less than the whole: what a client
   * needs to render, never an unbounded body. The result still satisfies the event's schema.
   */
  readonly clientData?: (data: D, limits: ClientDataLimits) => D;
}

interface EventDeclaration<S extends z.ZodType, R extends boolean>
  extends EventBehaviour<z.output<S>> {
  readonly data: S;
  readonly realtime: R;
}

const defineEvent = <S extends z.ZodType, R extends boolean>(d: EventDeclaration<S, R>) => d;
const staff: Audience = { staffOnly: true };

/** The first `max` UTF-16 units of `text`, never half of a surrogate pair. */
function cut(text: string, max: number): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

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
      message: messageSchema.extend({ bodyTruncated: z.literal(true).optional() }),
      ticketNumber: z.number().int(),
      requesterId: z.uuid(),
    }),
    realtime: true,
    audience: (d) =>
      d.message.internal ? staff : { staffOnly: false, requesterId: d.requesterId },
    clientData: (d, limits) =>
      d.message.body.length <= limits.bodyMaxChars
        ? d
        : {
            ...d,
            message: {
              ...d.message,
              body: cut(d.message.body, limits.bodyMaxChars),
              bodyTruncated: true as const,
            },
          },
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
  /** Gone with their ticket: the rows at once (cascade), the stored files by the worker. */
  'attachments.deleted': defineEvent({
    data: z.object({ ticketId: z.uuid(), attachmentIds: z.array(z.uuid()).min(1) }),
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
  /**
   * A notification for one user: not in the organization's stream (it is not for its members),
   * published to the recipient's own channel instead (realtime/wire.ts, the ws `user:` room).
   */
  'notification.created': defineEvent({
    data: z.object({ userId: z.uuid(), notification: notificationSchema }),
    realtime: false,
    audience: () => staff,
  }),
  'export.requested': defineEvent({
    data: z.object({ exportId: z.uuid() }),
    realtime: false,
    audience: () => staff,
  }),
  'export.ready': defineEvent({
    data: z.object({
      exportId: z.uuid(),
      requestedBy: z.uuid().nullable(),
      lines: z.number().int(),
      bytes: z.number().int(),
    }),
    realtime: true,
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
/** The events Socket.IO clients receive (see `realtime/wire.ts` for their envelope). */
export type RealtimeEventType = {
  [T in EventType]: (typeof events)[T]['realtime'] extends true ? T : never;
}[EventType];

/**
 * Every declaration seen through what it does with its own data: indexing this with a generic
 * event type keeps the data's type tied to the event's (which `events[type]` alone does not).
 */
export const eventBehaviours: { readonly [T in EventType]: EventBehaviour<EventData<T>> } = events;

export const isRealtimeEvent = (type: EventType): type is RealtimeEventType =>
  events[type].realtime;
export const REALTIME_EVENT_TYPES = (Object.keys(events) as EventType[]).filter(isRealtimeEvent);
