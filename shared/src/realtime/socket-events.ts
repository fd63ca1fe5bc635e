import { z } from 'zod';
import {
  type EventCatalog,
  mergeDisjoint,
  type StreamEventType,
  type UserEventMessage,
  type UserEventType,
} from '../events/define';
import { canonicalId } from '../shapes/ids';
import { isEventId } from './ids';
import type { EphemeralEnvelope, EventEnvelope } from './wire';

/*
 * The Socket.IO protocol, declared once for both ends: the ws service validates with these
 * schemas and types its server with the maps below; tests and client code type their sockets
 * with the same maps (`Socket<ServerToClientEvents, ClientToServerEvents>` in socket.io-client).
 * The platform declares its client events here; a product declares its own the same way
 * (`defineClientEvents`) and writes its full protocol's maps with the types below.
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
  /** The organization lets only sessions started through its identity provider in. */
  'sso_required',
  /** The session was started through another organization's provider and reaches it only. */
  'step_up_required',
  /** A token that is not valid for this socket's user (`auth`). */
  'unauthorized',
  /** Valkey or PostgreSQL did not answer: try again. */
  'unavailable',
]);
export type ClientEventError = z.output<typeof clientEventError>;

const refused = z.strictObject({ ok: z.literal(false), error: clientEventError });

/** An acknowledgement: `{ok: true, …shape}`, or a refusal. */
export const answer = <S extends z.ZodRawShape>(shape: S) =>
  z.union([z.strictObject({ ok: z.literal(true), ...shape }), refused]);

/** Ids in their canonical form only (shapes/ids.ts): another spelling is `invalid_request`. */
export const orgRef = z.strictObject({ orgId: canonicalId() });
const eventId = z.string().max(41).refine(isEventId, 'a stream id (<ms>-<seq>)');

/** One client → server event: the payload it takes and its acknowledgement (null: none). */
export interface ClientEventDeclaration<P = unknown, A = unknown> {
  readonly payload: z.ZodType<P>;
  readonly answer: z.ZodType<A> | null;
}
export type ClientEventCatalog = { readonly [name: string]: ClientEventDeclaration };

export const defineClientEvents = <C extends ClientEventCatalog>(catalog: C): C => catalog;

/**
 * The platform's client → server events. Every argument beyond these makes a packet invalid.
 */
export const platformClientEvents = defineClientEvents({
  /** Events of an organization, after `since` first (replayed), then live. */
  subscribe: {
    payload: z.strictObject({ orgId: canonicalId(), since: eventId.optional() }),
    answer: answer({ lastEventId: eventId, resync: z.literal(true).optional() }),
  },
  unsubscribe: { payload: orgRef, answer: answer({}) },
  /** A newer access token for this socket's session (before the current one expires). */
  auth: {
    payload: z.strictObject({ token: z.string().min(1).max(4096) }),
    answer: answer({ expiresAt: z.iso.datetime() }),
  },
});

export type ClientEventName<C extends ClientEventCatalog> = keyof C & string;
export type ClientEventPayload<
  C extends ClientEventCatalog,
  E extends ClientEventName<C>,
> = z.output<C[E]['payload']>;
/** The acknowledgement of an event that has one. */
export type ClientEventAnswer<
  C extends ClientEventCatalog,
  E extends ClientEventName<C>,
> = C[E]['answer'] extends z.ZodType ? z.output<C[E]['answer']> : never;
/** The events that take no acknowledgement. */
export type UnacknowledgedEvent<C extends ClientEventCatalog> = {
  [E in ClientEventName<C>]: C[E]['answer'] extends null ? E : never;
}[ClientEventName<C>];

export type ClientToServerEvents<C extends ClientEventCatalog> = {
  [E in ClientEventName<C>]: E extends UnacknowledgedEvent<C>
    ? (payload: z.input<C[E]['payload']>) => void
    : (payload: z.input<C[E]['payload']>, ack: (answer: ClientEventAnswer<C, E>) => void) => void;
};

/**
 * Server → client events said between sockets and never stored (a product's presence, typing…):
 * each type with the schema of its data, sent in an envelope with `id: null`.
 */
export type EphemeralCatalog = { readonly [type: string]: z.ZodType };

/**
 * Server → client events of a deployment: every stream event under its type, every user-channel
 * event with its message, the ephemeral ones a product says between sockets (`X`), and the
 * platform's own.
 */
export type ServerToClientEvents<
  E extends EventCatalog,
  X extends EphemeralCatalog = Record<never, never>,
> = {
  [T in StreamEventType<E>]: (event: EventEnvelope<E, T>) => void;
} & {
  [T in UserEventType<E>]: (message: UserEventMessage<E, T>) => void;
} & {
  [T in keyof X & string]: (event: EphemeralEnvelope<T, z.output<X[T]>>) => void;
} & {
  /** The user's membership of a subscribed organization was revoked. */
  'subscription.ended': (info: { orgId: string }) => void;
  /**
   * A subscribed organization's events may have been missed and cannot be replayed (its stream
   * was lost with Valkey's data while this instance was cut off from it): refetch, as for
   * `resync: true`; events after `lastEventId` follow.
   */
  'subscription.resync': (info: { orgId: string; lastEventId: string }) => void;
};

/**
 * A catalogue seen through its own payload and answer types: indexing this with a generic event
 * name keeps the payload's and the answer's types tied to that name (for code that handles every
 * event alike).
 */
export type ClientEventDeclarations<C extends ClientEventCatalog> = {
  readonly [E in ClientEventName<C>]: ClientEventDeclaration<
    ClientEventPayload<C, E>,
    ClientEventAnswer<C, E>
  >;
};

/** Two catalogues as one; an event declared by both is refused. */
export const mergeClientEvents = <A extends ClientEventCatalog, B extends ClientEventCatalog>(
  platform: A,
  product: B,
): A & B => mergeDisjoint('client events', platform, product);
