import { isTraceparent } from '../tracing';
import type { Redis } from '../valkey';
import { valkeyGeneration } from '../valkey/epoch';
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
  /**
   * The stream is absent: the generation of Valkey's data it was seen absent in (null when
   * Valkey has none yet). Handed back with `since` '0-0' to a later read (`ReadOptions`).
   */
  readonly absentIn?: string | null;
}

export interface ReadOptions {
  /**
   * With `since` '0-0': the reader found the stream absent in this generation of Valkey's data
   * (`Replay.absentIn`) and has heard of no event since. A stream that starts afterwards vouches
   * for nothing before its first event (append.lua) — to a reader that cannot tell what it
   * missed. This one can: if Valkey's data is still of that generation and the stream has lost
   * no entry to trimming, the stream holds every event since; if the generation changed, the
   * events of a stream lost in between are gone (resync, even when the stream is absent again).
   */
  readonly absentIn?: string | null;
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
  options: ReadOptions = {},
): Promise<Replay> {
  const key = streamKey(orgId);
  const vouched = since === '0-0' && options.absentIn ? options.absentIn : null;
  const [last] = (await valkey.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
  if (!last) {
    // Absent now: in which generation (read before checking the stream again, so that a loss
    // between the two shows as another generation).
    const absentIn = await valkeyGeneration(valkey);
    const stillAbsent = (await valkey.exists(key)) === 0;
    const lost = vouched !== null && absentIn !== vouched;
    if (since === undefined || since === '0-0')
      return { events: [], resync: lost, lastId: '0-0', absentIn: stillAbsent ? absentIn : null };
    // Newer than anything the stream has: the stream that had it is gone (expired idle, or
    // lost with Valkey's data), and with it whatever came between.
    return { events: [], resync: true, lastId: '0-0' };
  }
  const lastId = last[0];
  if (since === undefined) return { events: [], resync: false, lastId };
  if (since === lastId) return { events: [], resync: false, lastId: since };
  if (compareEventIds(since, lastId) > 0) return { events: [], resync: true, lastId };
  // Trimmed past `since`? The append script records the newest id it trimmed.
  const info = (await valkey.call('XINFO', 'STREAM', key)) as unknown[];
  const field = (name: string) => {
    const at = info.indexOf(name);
    return at >= 0 ? String(info[at + 1]) : undefined;
  };
  const maxDeleted = field('max-deleted-entry-id') ?? '0-0';
  const complete = vouched !== null && field('entries-added') === field('length');
  if (compareEventIds(since, maxDeleted) < 0 && !complete)
    return { events: [], resync: true, lastId };
  const entries = (await valkey.xrange(key, `(${since}`, '+', 'COUNT', limit + 1)) as [
    string,
    string[],
  ][];
  if (entries.length > limit) return { events: [], resync: true, lastId };
  // Vouched by the generation: still the one the stream was seen absent in, read last.
  if (
    complete &&
    compareEventIds(since, maxDeleted) < 0 &&
    (await valkeyGeneration(valkey)) !== vouched
  )
    return { events: [], resync: true, lastId };
  const events = entries
    .map(([id, fields]) => decoder.streamEntry(orgId, id, fields))
    .filter((e) => e !== null);
  return { events, resync: false, lastId: entries.at(-1)?.[0] ?? since };
}
