import { isTraceparent } from '../tracing';
import type { Redis } from '../valkey';
import { luaScript, runScript } from '../valkey/scripts';
import { compareEventIds } from './ids';
import { RELAY_CHANNEL, type RelayedEvent, type WireDecoder } from './wire';

/**
 * Every organization's events, in one Valkey stream each (bounded), keyed with a hash tag so a
 * cluster keeps a stream and its bookkeeping together.
 */
export const streamKey = (orgId: string) => `insightdesk:events:{${orgId}}`;
const relayedIdsKey = (orgId: string) => `insightdesk:events:{${orgId}}:relayed-ids`;
const bytesKey = (orgId: string) => `insightdesk:events:{${orgId}}:bytes`;

/**
 * How many of an organization's latest outbox ids are remembered as relayed. A row that was
 * appended but not marked relayed (a crash, PostgreSQL away) is retried by the relay's next
 * batch (at most 200 rows), long before this many others pass.
 */
const RELAYED_WINDOW = 2000;
const RELAYED_TTL_SECONDS = 7 * 24 * 3600;

/** How much of an organization's history its stream keeps: the newest events within both. */
export interface StreamBounds {
  readonly streamMaxLength: number;
  /** Bytes of stored entries (what `MEMORY USAGE` reports is a little more). */
  readonly streamMaxBytes: number;
  /**
   * An organization with no event for this long loses its stream (and its bookkeeping): Valkey
   * runs without eviction, and every registration makes an organization. A client resuming
   * after that gets `resync: true`.
   */
  readonly streamIdleSeconds: number;
}

/**
 * Append + publish in one atomic step, idempotent by outbox id (append.lua): the stream assigns
 * the event id, the relay message carries it to the ws instances, and a row relayed twice (a
 * crash between this and marking it relayed) is appended and published once. The relayed ids are
 * kept as a set, not a high-water mark: outbox ids are taken at insert and become visible at
 * commit, so a lower id can commit (and be relayed) after a higher one.
 */
const APPEND = luaScript('insightdeskAppendEvent', new URL('./append.lua', import.meta.url), 3);

/** Returns the new event id, or '' when this outbox row was already appended. */
export async function appendEvent(
  valkey: Redis,
  event: {
    readonly outboxId: number;
    readonly orgId: string;
    readonly entry: string;
    readonly traceParent?: string | null;
  },
  bounds: StreamBounds,
): Promise<string> {
  const id = await runScript(
    valkey,
    APPEND,
    [streamKey(event.orgId), relayedIdsKey(event.orgId), bytesKey(event.orgId)],
    [
      event.outboxId,
      event.entry,
      event.orgId,
      bounds.streamMaxLength,
      bounds.streamMaxBytes,
      RELAYED_WINDOW,
      RELAYED_TTL_SECONDS,
      // Spliced into the relay message unescaped: only a well-formed traceparent goes in.
      event.traceParent && isTraceparent(event.traceParent) ? event.traceParent : '',
      RELAY_CHANNEL,
      bounds.streamIdleSeconds * 1000,
    ],
  );
  return String(id ?? '');
}

/**
 * Forgets an organization's events (its stream and bookkeeping): for the organization's owner
 * module to call when an organization is deleted. Idle ones expire by themselves.
 */
export async function dropStream(valkey: Redis, orgId: string): Promise<void> {
  await valkey.del(streamKey(orgId), relayedIdsKey(orgId), bytesKey(orgId));
}

export interface Replay {
  readonly events: RelayedEvent[];
  /** `since` is older than what the stream retains: the client must refetch. */
  readonly resync: boolean;
  /** The newest id in the stream (or `since` when nothing is newer): where to resume from. */
  readonly lastId: string;
}

/**
 * Events after `since` (all of them up to `limit`), oldest first; `resync` when the stream
 * cannot vouch for everything after `since` (trimmed past it, started after it, or gone).
 */
export async function readSince(
  valkey: Redis,
  decoder: WireDecoder,
  orgId: string,
  since: string | undefined,
  limit: number,
): Promise<Replay> {
  const key = streamKey(orgId);
  const [last] = (await valkey.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
  const lastId = last?.[0] ?? '0-0';
  if (since === undefined) return { events: [], resync: false, lastId };
  if (since === lastId) return { events: [], resync: false, lastId: since };
  // Newer than anything the stream has: the stream that had it is gone (expired idle, or lost
  // with Valkey's data), and with it whatever came between.
  if (compareEventIds(since, lastId) > 0) return { events: [], resync: true, lastId };
  // Trimmed past `since`? The append script records the newest id it trimmed.
  const info = (await valkey.call('XINFO', 'STREAM', key)) as unknown[];
  const deletedIndex = info.indexOf('max-deleted-entry-id');
  const maxDeleted = deletedIndex >= 0 ? String(info[deletedIndex + 1]) : '0-0';
  if (compareEventIds(since, maxDeleted) < 0) return { events: [], resync: true, lastId };
  const entries = (await valkey.xrange(key, `(${since}`, '+', 'COUNT', limit + 1)) as [
    string,
    string[],
  ][];
  if (entries.length > limit) return { events: [], resync: true, lastId };
  const events = entries
    .map(([id, fields]) => decoder.streamEntry(orgId, id, fields))
    .filter((e) => e !== null);
  return { events, resync: false, lastId: entries.at(-1)?.[0] ?? since };
}
