import { isTraceparent } from '../tracing';
import { type Redis, STRICT_LUA } from '../valkey';
import { compareEventIds } from './ids';
import {
  decodeStreamEntry,
  ENTRY_FIELDS,
  RELAY_CHANNEL,
  RELAY_MESSAGE_LUA,
  type RelayedEvent,
} from './wire';

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
 * Append + publish in one atomic step, idempotent by outbox id: the stream assigns the event id,
 * the relay message carries it to the ws instances, and a row relayed twice (a crash between
 * this and marking it relayed) is appended and published once. The relayed ids are kept as a
 * set, not a high-water mark: outbox ids are taken at insert and become visible at commit, so a
 * lower id can commit (and be relayed) after a higher one.
 *
 * The stream keeps the newest entries within a count and a byte budget (a running total of the
 * entries' sizes; recomputed once when missing). Trimming does not record what it removed
 * (Redis 7.0), so the script sets `max-deleted-entry-id` itself: readSince answers `resync` by it.
 * A stream that starts (for the first time, or again after it expired idle or Valkey lost it)
 * vouches for nothing before its first event: its `max-deleted-entry-id` is set just below it.
 * Every append pushes the idle expiry of the stream and its byte count forward.
 * KEYS: stream, relayed ids, bytes. ARGV: outbox id, entry, org id, max length, max bytes,
 * relayed window, relayed TTL, traceparent ('' when none; carried by the relay message only),
 * idle TTL (ms).
 */
const APPEND = `${STRICT_LUA}
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return '' end
local entry, orgId, tp = ARGV[2], ARGV[3], ARGV[8]
local maxLength, maxBytes = tonumber(ARGV[4]), tonumber(ARGV[5])
local function size(fields)
  for i = 1, #fields, 2 do
    if fields[i] == '${ENTRY_FIELDS.entry}' then return #fields[i + 1] end
  end
  return 0
end
local bytes = 0
local fresh = redis.call('EXISTS', KEYS[1]) == 0
if fresh then
  redis.call('DEL', KEYS[3])
elseif redis.call('EXISTS', KEYS[3]) == 1 then
  bytes = tonumber(redis.call('GET', KEYS[3]))
else
  for _, e in ipairs(redis.call('XRANGE', KEYS[1], '-', '+')) do bytes = bytes + size(e[2]) end
end
local id = redis.call('XADD', KEYS[1], '*',
  '${ENTRY_FIELDS.outboxId}', ARGV[1], '${ENTRY_FIELDS.entry}', entry)
if fresh then
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  local before = tonumber(seq) > 0 and (ms .. '-' .. string.format('%.0f', tonumber(seq) - 1))
    or (string.format('%.0f', tonumber(ms) - 1) .. '-18446744073709551615')
  redis.call('XSETID', KEYS[1], id, 'MAXDELETEDID', before)
end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[6]) - 1)
redis.call('EXPIRE', KEYS[2], ARGV[7])
bytes = bytes + #entry
local length = redis.call('XLEN', KEYS[1])
local function over() return length > 1 and (length > maxLength or bytes > maxBytes) end
if over() then
  local last
  while over() do
    local batch = redis.call('XRANGE', KEYS[1], last and ('(' .. last) or '-', '+', 'COUNT', 16)
    for _, e in ipairs(batch) do
      if not over() then break end
      bytes = bytes - size(e[2])
      length = length - 1
      last = e[1]
    end
  end
  local keep = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 1)[1][1]
  redis.call('XTRIM', KEYS[1], 'MINID', keep)
  redis.call('XSETID', KEYS[1], id, 'MAXDELETEDID', last)
end
redis.call('SET', KEYS[3], math.max(bytes, 0), 'PX', ARGV[9])
redis.call('PEXPIRE', KEYS[1], ARGV[9])
redis.call('PUBLISH', '${RELAY_CHANNEL}', ${RELAY_MESSAGE_LUA})
return id
`;

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
  const id = await valkey.eval(
    APPEND,
    3,
    streamKey(event.orgId),
    relayedIdsKey(event.orgId),
    bytesKey(event.orgId),
    String(event.outboxId),
    event.entry,
    event.orgId,
    String(bounds.streamMaxLength),
    String(bounds.streamMaxBytes),
    String(RELAYED_WINDOW),
    String(RELAYED_TTL_SECONDS),
    // Spliced into the relay message unescaped: only a well-formed traceparent goes in.
    event.traceParent && isTraceparent(event.traceParent) ? event.traceParent : '',
    String(bounds.streamIdleSeconds * 1000),
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
    .map(([id, fields]) => decodeStreamEntry(orgId, id, fields))
    .filter((e) => e !== null);
  return { events, resync: false, lastId: entries.at(-1)?.[0] ?? since };
}
