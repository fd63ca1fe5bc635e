import { z } from 'zod';
import {
  type Audience,
  type ClientDataLimits,
  type EventData,
  eventBehaviours,
  REALTIME_EVENT_TYPES,
  type RealtimeEventType,
} from '../events/catalog';
import { notificationSchema } from '../helpdesk/schemas';
import { isEventId } from './ids';
import type { Viewer } from './socket-events';

/*
 * The real-time wire format, declared once: what clients receive (the envelope), what an
 * organization's stream keeps (the entry) and what the relay publishes to the ws instances (the
 * relay message). The relay encodes; the stream reader and the ws instances decode.
 *
 *   outbox row ─relay─▶ stream entry ── XADD ─────── readSince ─┐
 *                             └──────── PUBLISH (same Lua step) ─┴─▶ envelope ─▶ Socket.IO client
 */

/** What clients receive for an organization's event; `id` is the stream id (`since` takes it). */
export interface EventEnvelope<T extends RealtimeEventType = RealtimeEventType> {
  readonly id: string;
  readonly orgId: string;
  readonly type: T;
  readonly at: string;
  readonly data: EventData<T>;
}

/** One envelope of any real-time type, its data tied to its type. */
export type AnyEventEnvelope = { [T in RealtimeEventType]: EventEnvelope<T> }[RealtimeEventType];

/** Presence and typing: said between ws instances, never stored. */
export interface EphemeralData {
  readonly 'presence.updated': { readonly ticketId: string; readonly viewers: readonly Viewer[] };
  readonly typing: {
    readonly ticketId: string;
    readonly user: { readonly id: string; readonly name: string };
  };
}
export type EphemeralType = keyof EphemeralData;

/** The same envelope with `id: null`: not resumable, not replayed. */
export interface EphemeralEnvelope<T extends EphemeralType = EphemeralType> {
  readonly id: null;
  readonly orgId: string;
  readonly type: T;
  readonly at: string;
  readonly data: EphemeralData[T];
}

export function ephemeralEnvelope<T extends EphemeralType>(
  orgId: string,
  type: T,
  data: EphemeralData[T],
): EphemeralEnvelope<T> {
  return { id: null, orgId, type, at: new Date().toISOString(), data };
}

/** What a ws instance hands to its subscribers: the envelope, and who may see it. */
export interface RelayedEvent {
  readonly envelope: AnyEventEnvelope;
  readonly audience: Audience;
  /** The relaying span's traceparent (live events, tracing on): the delivery's parent. */
  readonly traceParent?: string;
}

/** Stream entry fields: the outbox id (idempotence) and the entry (JSON). */
export const ENTRY_FIELDS = { outboxId: 'o', entry: 'e' } as const;

/** The stored entry (field `e`): the data as clients get it, and its audience. */
interface StreamEntry<T extends RealtimeEventType> {
  readonly type: T;
  readonly at: string;
  readonly data: EventData<T>;
  readonly audience: Audience;
}

/** Encodes an event for the stream: its data bounded for clients (`clientData`), its audience. */
export function encodeStreamEntry<T extends RealtimeEventType>(
  type: T,
  at: string,
  data: EventData<T>,
  limits: ClientDataLimits,
): string {
  const behaviour = eventBehaviours[type];
  const entry: StreamEntry<T> = {
    type,
    at,
    data: behaviour.clientData?.(data, limits) ?? data,
    audience: behaviour.audience(data),
  };
  return JSON.stringify(entry);
}

const storedEntry = z.object({
  type: z.enum(REALTIME_EVENT_TYPES),
  at: z.string(),
  data: z.custom<object>((value) => typeof value === 'object' && value !== null),
  audience: z.object({ staffOnly: z.boolean(), requesterId: z.string().optional() }),
});

function relayedEvent(
  orgId: string,
  id: string,
  entry: z.output<typeof storedEntry>,
): RelayedEvent {
  // The data was checked against its event's schema when it was recorded (`recordEvent`), and
  // only the relay writes streams: its shape is the declared one for its type.
  const envelope = { id, orgId, type: entry.type, at: entry.at, data: entry.data };
  return { envelope: envelope as AnyEventEnvelope, audience: entry.audience };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** An entry read back from a stream (`XRANGE` fields), or null when it is not one of ours. */
export function decodeStreamEntry(
  orgId: string,
  id: string,
  fields: string[],
): RelayedEvent | null {
  const raw = fields[fields.indexOf(ENTRY_FIELDS.entry) + 1];
  const parsed = storedEntry.safeParse(raw === undefined ? undefined : parseJson(raw));
  return parsed.success ? relayedEvent(orgId, id, parsed.data) : null;
}

/** The Valkey channel on which the append script publishes each event it appended. */
export const RELAY_CHANNEL = 'insightdesk:events:relay';

/**
 * The relay message, `{"id":…,"orgId":…,"entry":<stored entry>}`, as a Lua expression over the
 * append script's locals `id`, `orgId` and `entry`. Concatenation rather than cjson: the entry
 * goes out byte for byte as stored (cjson would re-encode it, and turns `[]` into `{}`), and a
 * stream id and a uuid need no escaping.
 */
export const RELAY_MESSAGE_LUA = `'{"id":"' .. id .. '","orgId":"' .. orgId .. '","tp":"' .. tp .. '","entry":' .. entry .. '}'`;

const relayMessage = z.object({
  id: z.string().refine(isEventId),
  orgId: z.string(),
  /** '' when tracing is off. */
  tp: z.string().optional(),
  entry: storedEntry,
});

/** A message received on RELAY_CHANNEL, or null when it is not one of ours. */
export function decodeRelayMessage(raw: string): RelayedEvent | null {
  const parsed = relayMessage.safeParse(parseJson(raw));
  if (!parsed.success) return null;
  const event = relayedEvent(parsed.data.orgId, parsed.data.id, parsed.data.entry);
  return parsed.data.tp ? { ...event, traceParent: parsed.data.tp } : event;
}

/**
 * Notifications go to one user, on every instance that has a socket of theirs: published on a
 * channel of their own (not an organization's stream) as `{"userId":…,"notification":…}`.
 */
export const NOTIFICATION_CHANNEL = 'insightdesk:notifications';

const notificationMessage = z.object({ userId: z.string(), notification: notificationSchema });

export type NotificationMessage = z.output<typeof notificationMessage>;

export const encodeNotificationMessage = (message: NotificationMessage) => JSON.stringify(message);

/** A message received on NOTIFICATION_CHANNEL, or null when it is not one of ours. */
export function decodeNotificationMessage(raw: string): NotificationMessage | null {
  const parsed = notificationMessage.safeParse(parseJson(raw));
  return parsed.success ? parsed.data : null;
}
