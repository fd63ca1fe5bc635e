import { z } from 'zod';
import type {
  Audience,
  EventCatalog,
  EventData,
  OrganizationStreamEvent,
  StreamEventType,
} from '../events/define';
import { encodeAudience, storedAudience } from './audience-wire';
import { isEventId } from './ids';

/*
 * The real-time wire format, declared once: what clients receive (the envelope), what an
 * organization's stream keeps (the entry), what the relay publishes to the ws instances (the
 * relay message) and what a user's channel carries. The relay's effects encode; the stream
 * reader and the ws instances decode, knowing the event types of their catalogue.
 *
 *   outbox row ─relay─▶ stream entry ── XADD ─────── readSince ─┐
 *                             └──────── PUBLISH (same Lua step) ─┴─▶ envelope ─▶ Socket.IO client
 */

/** What clients receive for an organization's event; `id` is the stream id (`since` takes it). */
export interface EventEnvelope<
  C extends EventCatalog = EventCatalog,
  T extends StreamEventType<C> = StreamEventType<C>,
> {
  readonly id: string;
  readonly orgId: string;
  readonly type: T;
  readonly at: string;
  readonly data: EventData<C, T>;
}

/** One envelope of any stream type of `C`, its data tied to its type. */
export type AnyEventEnvelope<C extends EventCatalog> = {
  [T in StreamEventType<C>]: EventEnvelope<C, T>;
}[StreamEventType<C>];

/** An envelope as the ws service handles it, whatever the deployment's types. */
export interface StreamEnvelope {
  readonly id: string;
  readonly orgId: string;
  readonly type: string;
  readonly at: string;
  readonly data: unknown;
}

/** Said between ws instances, never stored (a product's presence, typing…): `id: null`. */
export interface EphemeralEnvelope<T extends string = string, D = unknown> {
  readonly id: null;
  readonly orgId: string;
  readonly type: T;
  readonly at: string;
  readonly data: D;
}

export function ephemeralEnvelope<T extends string, D>(
  orgId: string,
  type: T,
  data: D,
): EphemeralEnvelope<T, D> {
  return { id: null, orgId, type, at: new Date().toISOString(), data };
}

/** What a ws instance hands to its subscribers: the envelope, and who may see it. */
export interface RelayedEvent {
  readonly envelope: StreamEnvelope;
  readonly audience: Audience;
  /** The relaying span's traceparent (live events, tracing on): the delivery's parent. */
  readonly traceParent?: string;
  /**
   * The outbox row it was relayed from: one change, whatever stream id it was appended under
   * (a change appended again after Valkey lost the record of the first append gets a new one).
   */
  readonly outboxId?: string;
}

/** Stream entry fields (written by append.lua): the outbox id (idempotence) and the entry. */
export const ENTRY_FIELDS = { outboxId: 'o', entry: 'e' } as const;

/** The stored entry (field `e`): the data as clients get it, and its audience. */
interface StreamEntry {
  readonly type: string;
  readonly at: string;
  readonly data: unknown;
  readonly audience: ReturnType<typeof encodeAudience>;
}

/**
 * Encodes an event for the stream: its data bounded for clients (`clientData`, with the
 * configuration of the product that declares it), its audience.
 */
export function encodeStreamEntry<D>(
  declaration: OrganizationStreamEvent<z.ZodType<D>>,
  type: string,
  at: string,
  data: D,
  productConfig: unknown,
): string {
  const entry: StreamEntry = {
    type,
    at,
    data: declaration.clientData?.(data, productConfig) ?? data,
    audience: encodeAudience(declaration.audience(data)),
  };
  return JSON.stringify(entry);
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** The Valkey channel on which append.lua publishes each event it appended. */
export const RELAY_CHANNEL = 'insightdesk:events:relay';

/** The Valkey channel of the users' own events (`delivery: 'user channel'`). */
export const USER_CHANNEL = 'insightdesk:user-events';

/** A user-channel event on its way to the sockets of `userId`. */
export interface UserMessage {
  readonly userId: string;
  /**
   * The organization the event is of (absent: none). A socket whose session is confined to one
   * organization gets that organization's only.
   */
  readonly orgId?: string;
  readonly type: string;
  readonly message: unknown;
}

export const encodeUserMessage = (message: UserMessage) => JSON.stringify(message);

/**
 * How a ws instance reads what the relay wrote, knowing its catalogue's types: an entry of a
 * type it does not know (another deployment's, or garbage) is not one of ours.
 */
export function wireDecoder(types: { stream: readonly string[]; user: readonly string[] }) {
  const streamTypes = new Set(types.stream);
  const userTypes = new Set(types.user);
  const storedEntry = z.object({
    type: z.string().refine((t) => streamTypes.has(t)),
    at: z.string(),
    data: z.custom<object>((value) => typeof value === 'object' && value !== null),
    audience: storedAudience,
  });
  const relayMessage = z.object({
    id: z.string().refine(isEventId),
    o: z.string().max(64).optional(),
    orgId: z.string(),
    /** '' when tracing is off. */
    tp: z.string().optional(),
    entry: storedEntry,
  });
  const userMessage = z.object({
    userId: z.string(),
    orgId: z.string().optional(),
    type: z.string().refine((t) => userTypes.has(t)),
    message: z.unknown(),
  });

  function relayedEvent(
    orgId: string,
    id: string,
    entry: z.output<typeof storedEntry>,
    outboxId: string | undefined,
  ): RelayedEvent {
    // The data was checked against its event's schema when it was recorded, and only the relay
    // writes streams: its shape is the declared one for its type.
    const envelope = { id, orgId, type: entry.type, at: entry.at, data: entry.data };
    return outboxId
      ? { envelope, audience: entry.audience, outboxId }
      : { envelope, audience: entry.audience };
  }
  const field = (fields: string[], name: string) => {
    const at = fields.indexOf(name);
    return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  };

  return {
    /** An entry read back from a stream (`XRANGE` fields), or null when it is not one of ours. */
    streamEntry(orgId: string, id: string, fields: string[]): RelayedEvent | null {
      const raw = field(fields, ENTRY_FIELDS.entry);
      const parsed = storedEntry.safeParse(raw === undefined ? undefined : parseJson(raw));
      return parsed.success
        ? relayedEvent(orgId, id, parsed.data, field(fields, ENTRY_FIELDS.outboxId))
        : null;
    },
    /** A message received on RELAY_CHANNEL, or null when it is not one of ours. */
    relayMessage(raw: string): RelayedEvent | null {
      const parsed = relayMessage.safeParse(parseJson(raw));
      if (!parsed.success) return null;
      const { orgId, id, entry, o } = parsed.data;
      const event = relayedEvent(orgId, id, entry, o);
      return parsed.data.tp ? { ...event, traceParent: parsed.data.tp } : event;
    },
    /** A message received on USER_CHANNEL, or null when it is not one of ours. */
    userMessage(raw: string): UserMessage | null {
      const parsed = userMessage.safeParse(parseJson(raw));
      return parsed.success ? parsed.data : null;
    },
  };
}

export type WireDecoder = ReturnType<typeof wireDecoder>;
