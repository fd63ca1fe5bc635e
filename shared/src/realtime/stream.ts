import type { Audience, EventEnvelope, EventType } from '../events';
import type { Redis } from '../valkey';
import { compareEventIds } from './ids';

/**
 * Every organization's events, in one Valkey stream each (bounded), keyed with a hash tag so a
 * cluster keeps a stream and its bookkeeping together.
 */
export const streamKey = (orgId: string) => `insightdesk:events:{${orgId}}`;
const relayedIdsKey = (orgId: string) => `insightdesk:events:{${orgId}}:relayed-ids`;

/** The server-side event (Socket.IO redis adapter) by which the ws instances receive events. */
export const RELAY_EVENT = 'insightdesk:event';

/** What the ws instances receive: the envelope for clients, and who may see it. */
export interface RelayedEvent {
  readonly envelope: EventEnvelope;
  readonly audience: Audience;
}

export const ID_PLACEHOLDER = '__INSIGHTDESK_EVENT_ID__';

/**
 * How many of an organization's latest outbox ids are remembered as relayed. A row that was
 * appended but not marked relayed (a crash, PostgreSQL away) is retried by the relay's next
 * batch (at most 200 rows), long before this many others pass.
 */
const RELAYED_WINDOW = 2000;
const RELAYED_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Append + publish in one atomic step, idempotent by outbox id: the stream assigns the event id,
 * the id is written into the message for the ws instances, and a row relayed twice (a crash
 * between this and marking it relayed) is appended and published once. The relayed ids are kept
 * as a set, not a high-water mark: outbox ids are taken at insert and become visible at commit,
 * so a lower id can commit (and be relayed) after a higher one.
 * KEYS: stream, relayed ids. ARGV: outbox id, max length, stream fields (JSON), publish channel,
 * publish message with the id placeholder, relayed window, relayed TTL.
 */
const APPEND = `
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return '' end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'o', ARGV[1], 'e', ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[6]) - 1)
redis.call('EXPIRE', KEYS[2], ARGV[7])
local message = string.gsub(ARGV[5], '${ID_PLACEHOLDER}', id, 1)
redis.call('PUBLISH', ARGV[4], message)
return id
`;

export interface StreamEntryInput {
  readonly outboxId: number;
  readonly orgId: string;
  readonly type: EventType;
  readonly at: string;
  readonly data: unknown;
  readonly audience: Audience;
}

/** Returns the new event id, or '' when this outbox row was already appended. */
export async function appendEvent(
  valkey: Redis,
  entry: StreamEntryInput,
  publish: { channel: string; message: string },
  maxLength: number,
): Promise<string> {
  const stored = JSON.stringify({
    type: entry.type,
    at: entry.at,
    data: entry.data,
    audience: entry.audience,
  });
  const id = await valkey.eval(
    APPEND,
    2,
    streamKey(entry.orgId),
    relayedIdsKey(entry.orgId),
    String(entry.outboxId),
    String(maxLength),
    stored,
    publish.channel,
    publish.message,
    String(RELAYED_WINDOW),
    String(RELAYED_TTL_SECONDS),
  );
  return String(id ?? '');
}

export interface Replay {
  readonly events: RelayedEvent[];
  /** `since` is older than what the stream retains: the client must refetch. */
  readonly resync: boolean;
  /** The newest id in the stream (or `since` when nothing is newer): where to resume from. */
  readonly lastId: string;
}

function parseEntry(orgId: string, id: string, fields: string[]): RelayedEvent | null {
  const raw = fields[fields.indexOf('e') + 1];
  if (!raw) return null;
  const stored = JSON.parse(raw) as {
    type: EventType;
    at: string;
    data: never;
    audience: Audience;
  };
  return {
    envelope: { id, orgId, type: stored.type, at: stored.at, data: stored.data },
    audience: stored.audience,
  };
}

/** Events after `since` (all of them up to `limit`), oldest first. */
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
  if (compareEventIds(since, lastId) >= 0) return { events: [], resync: false, lastId: since };
  // Trimmed past `since`? Valkey/Redis 7 report the newest id ever removed from the stream.
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
    .map(([id, fields]) => parseEntry(orgId, id, fields))
    .filter((e) => e !== null);
  return { events, resync: false, lastId: entries.at(-1)?.[0] ?? since };
}
