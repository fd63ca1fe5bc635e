import { z } from 'zod';
import type { RealtimeEventType } from '../events/catalog';
import type { Notification } from '../helpdesk/schemas';
import { canonicalId } from '../tenancy/ids';
import { isEventId } from './ids';
import type { EphemeralEnvelope, EventEnvelope } from './wire';

/*
 * The Socket.IO protocol, declared once for both ends: the ws service validates with these
 * schemas and types its server with the maps below; tests and client code type their sockets
 * with the same maps (`Socket<ServerToClientEvents, ClientToServerEvents>` in socket.io-client).
 * Zod and types only: this file is meant to be shared with browsers.
 */

/** Why a client event was refused (the `error` of a `{ok: false}` acknowledgement). */
export const clientEventError = z.enum([
  /** The packet does not match the declaration (payload, arguments, acknowledgement). */
  'invalid_request',
  /** Over a budget: events per second, subscriptions, watched tickets, replays per minute. */
  'rate_limited',
  /** Not a member, or not a ticket this member may see. */
  'not_found',
  /** A token that is not valid for this socket's user (`auth`). */
  'unauthorized',
  /** Valkey or PostgreSQL did not answer: try again. */
  'unavailable',
]);
export type ClientEventError = z.output<typeof clientEventError>;

const refused = z.strictObject({ ok: z.literal(false), error: clientEventError });
const answer = <S extends z.ZodRawShape>(shape: S) =>
  z.union([z.strictObject({ ok: z.literal(true), ...shape }), refused]);

/** Ids in their canonical form only (tenancy/ids.ts): another spelling is `invalid_request`. */
const orgRef = z.strictObject({ orgId: canonicalId() });
const ticketRef = z.strictObject({ orgId: canonicalId(), ticketId: canonicalId() });
const eventId = z.string().max(41).refine(isEventId, 'a stream id (<ms>-<seq>)');

export const viewer = z.strictObject({ userId: canonicalId(), name: z.string() });
export type Viewer = z.output<typeof viewer>;
const viewersAnswer = answer({ viewers: z.array(viewer) });

/**
 * Client → server events: the payload each one takes and the acknowledgement it answers with
 * (`answer: null`: none). Every argument beyond these makes a packet invalid.
 */
export const clientEvents = {
  /** Events of an organization, after `since` first (replayed), then live. */
  subscribe: {
    payload: z.strictObject({ orgId: canonicalId(), since: eventId.optional() }),
    answer: answer({ lastEventId: eventId, resync: z.literal(true).optional() }),
  },
  unsubscribe: { payload: orgRef, answer: answer({}) },
  /** Presence: everyone watching the ticket gets `presence.updated`. */
  'ticket.watch': { payload: ticketRef, answer: viewersAnswer },
  'ticket.unwatch': { payload: ticketRef, answer: viewersAnswer },
  /** The others watching get `typing` (at most one per 1.5 s is forwarded). */
  'ticket.typing': { payload: ticketRef, answer: null },
  /** A newer access token for this socket's session (before the current one expires). */
  auth: {
    payload: z.strictObject({ token: z.string().min(1).max(4096) }),
    answer: answer({ expiresAt: z.iso.datetime() }),
  },
} as const;

type Declarations = typeof clientEvents;
export type ClientEventName = keyof Declarations;
export type ClientEventPayload<E extends ClientEventName> = z.output<Declarations[E]['payload']>;
/** The acknowledgement of an event that has one. */
export type ClientEventAnswer<E extends ClientEventName> =
  Declarations[E]['answer'] extends z.ZodType ? z.output<Declarations[E]['answer']> : never;
/** The events that take no acknowledgement. */
export type UnacknowledgedEvent = {
  [E in ClientEventName]: Declarations[E]['answer'] extends null ? E : never;
}[ClientEventName];

export type ClientToServerEvents = {
  [E in ClientEventName]: E extends UnacknowledgedEvent
    ? (payload: z.input<Declarations[E]['payload']>) => void
    : (
        payload: z.input<Declarations[E]['payload']>,
        ack: (answer: ClientEventAnswer<E>) => void,
      ) => void;
};

/** Server → client events: every real-time event under its type, then the ephemeral ones. */
export type ServerToClientEvents = {
  [T in RealtimeEventType]: (event: EventEnvelope<T>) => void;
} & {
  'presence.updated': (event: EphemeralEnvelope<'presence.updated'>) => void;
  typing: (event: EphemeralEnvelope<'typing'>) => void;
  /** The user's membership of a subscribed organization was revoked. */
  'subscription.ended': (info: { orgId: string }) => void;
  /** A notification for this user (their private channel: no subscription needed). */
  'notification.created': (notification: Notification) => void;
};

/** A declaration seen through its own payload and answer types. */
export interface ClientEventDeclaration<P, A> {
  readonly payload: z.ZodType<P>;
  readonly answer: z.ZodType<A> | null;
}

/**
 * The declarations again, typed so that indexing with a generic event name keeps the payload's
 * and the answer's types tied to that name (for code that handles every event alike).
 */
export const clientEventDeclarations: {
  readonly [E in ClientEventName]: ClientEventDeclaration<
    ClientEventPayload<E>,
    ClientEventAnswer<E>
  >;
} = clientEvents;
