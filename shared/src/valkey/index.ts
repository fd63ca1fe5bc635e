import Redis, { type RedisOptions } from 'iovalkey';
import type { Logger } from '../logger';

export type { Redis };

/**
 * What a connection is used for, which decides how it behaves while Valkey is away:
 * - `command`: caches, rate limits, heartbeats. No offline queue: while Valkey is away commands
 *   fail at once, so callers can fail open instead of hanging.
 * - `blocking`: BullMQ workers and queues, pub/sub subscribers. BullMQ requires
 *   `maxRetriesPerRequest: null`; commands wait for the reconnect.
 */
export type ConnectionKind = 'command' | 'blocking';

export interface ValkeyOptions {
  readonly url: string;
  readonly name: string;
  readonly kind: ConnectionKind;
  readonly logger: Logger;
}

const KIND_OPTIONS: Record<ConnectionKind, RedisOptions> = {
  command: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 },
  blocking: { maxRetriesPerRequest: null, enableOfflineQueue: true },
};

/** Reconnects quickly at first, then every 2 s at most, forever. */
const reconnectDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 2000);

/** Connection errors under Bun may carry their reason in `code` only. */
function describe(err: Error & { code?: string }): string {
  const message =
    typeof err.message === 'string' && err.message !== '[object Object]' ? err.message : '';
  return message || err.code || 'connection failed';
}

export function createValkey(options: ValkeyOptions): Redis {
  const log = options.logger.child({ valkey: options.name });
  const client = new Redis(options.url, {
    ...KIND_OPTIONS[options.kind],
    connectionName: options.name,
    retryStrategy: reconnectDelay,
    lazyConnect: false,
  });
  // Without a listener an 'error' event would crash the process; log the first of a streak only.
  let failing = false;
  client.on('error', (err: Error & { code?: string }) => {
    if (!failing) log.warn({ code: err.code, reason: describe(err) }, 'valkey connection error');
    failing = true;
  });
  client.on('ready', () => {
    if (failing) log.info('valkey connection restored');
    failing = false;
  });
  return client;
}

/** Resolves when the client is ready, or after `timeoutMs` (callers keep going either way). */
export function waitReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    client.once('ready', onReady);
  });
}

/** Closes politely (QUIT), or disconnects if Valkey is away. */
export async function closeValkey(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
  } else {
    client.disconnect();
  }
}

export async function pingValkey(client: Redis): Promise<void> {
  const answer = await client.ping();
  if (answer !== 'PONG') throw new Error('unexpected PING answer');
}

/**
 * Where each store's keys live (valkeyConfig): both URLs are the same server unless split.
 * The queue store holds what must not be lost (run it with `noeviction` and AOF), the cache store
 * what may be evicted.
 */
export interface ValkeyStoreUrls {
  readonly queueUrl: string;
  readonly cacheUrl: string;
}

/**
 * A connection to each store: `queue` for what must not be evicted (queues, streams, presence,
 * pub/sub between instances), `cache` for what may be (cache, counters). One client serves both
 * when they share a server, so the split costs no connection where it is not configured.
 */
export interface ValkeyStores {
  readonly queue: Redis;
  readonly cache: Redis;
  /** Each distinct client once, to wait for and close. */
  readonly clients: readonly Redis[];
}

export function createValkeyStores(
  urls: ValkeyStoreUrls,
  options: Omit<ValkeyOptions, 'url'>,
): ValkeyStores {
  const queue = createValkey({ ...options, url: urls.queueUrl });
  if (urls.cacheUrl === urls.queueUrl) return { queue, cache: queue, clients: [queue] };
  const cache = createValkey({ ...options, url: urls.cacheUrl, name: `${options.name}:cache` });
  return { queue, cache, clients: [queue, cache] };
}

export { EPOCH_KEY, type EpochWatch, watchValkeyEpoch } from './epoch';
export { type LuaScript, luaScript, runScript } from './scripts';
export { type ChannelListener, type Subscription, subscribe } from './subscription';
