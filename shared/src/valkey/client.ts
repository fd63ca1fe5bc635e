import IORedis, { Cluster, type RedisOptions } from 'iovalkey';
import type { Logger } from '../logger';
import { type ClusterNode, type ClusterTarget, parseValkeyUrl } from './url';

/** A connection to one Valkey server or to a Valkey Cluster. */
export type Redis = IORedis | Cluster;

/**
 * What a connection is used for, which decides how it behaves while Valkey is away:
 * - `command`: caches, rate limits, heartbeats. No offline queue: while Valkey is away commands
 *   fail at once, so callers can fail open instead of hanging.
 * - `blocking`: BullMQ workers and queues. BullMQ requires `maxRetriesPerRequest: null`;
 *   commands wait for the reconnect.
 * - `subscriber`: pub/sub listeners (`subscribe`). Like `blocking` on one server; on a cluster, a
 *   connection to one node at a time (see `createValkey`).
 */
export type ConnectionKind = 'command' | 'blocking' | 'subscriber';

export interface ValkeyOptions {
  readonly url: string;
  readonly name: string;
  readonly kind: ConnectionKind;
  readonly logger: Logger;
}

const KIND_OPTIONS: Record<ConnectionKind, RedisOptions> = {
  command: { maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 },
  blocking: { maxRetriesPerRequest: null, enableOfflineQueue: true },
  subscriber: { maxRetriesPerRequest: null, enableOfflineQueue: true },
};

/** Reconnects quickly at first, then every 2 s at most, forever. */
const reconnectDelay = (attempt: number): number => Math.min(50 * 2 ** attempt, 2000);

/** Connection errors under Bun may carry their reason in `code` only. */
function describe(err: Error & { code?: string }): string {
  const message =
    typeof err.message === 'string' && err.message !== '[object Object]' ? err.message : '';
  return message || err.code || 'connection failed';
}

/** One connection or a cluster: logs the first error of a streak, and its end. */
function watched<C extends Redis>(client: C, log: Logger): C {
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

export function createValkey(options: ValkeyOptions): Redis {
  const log = options.logger.child({ valkey: options.name });
  const target = parseValkeyUrl(options.url);
  if (target.kind === 'cluster') return createClusterConnection(target, options, log);
  return watched(
    new IORedis(options.url, {
      ...KIND_OPTIONS[options.kind],
      connectionName: options.name,
      retryStrategy: reconnectDelay,
      lazyConnect: false,
    }),
    log,
  );
}

/**
 * A connection to a Valkey Cluster. Commands, blocking commands and scripts go through iovalkey's
 * Cluster client, which routes each by its key's slot and follows MOVED (a slot moved for good:
 * the slot map is refreshed) and ASK (a slot being migrated), and reconnects to a promoted replica
 * once the cluster's slot map says so.
 *
 * A subscriber is a plain connection to one node instead: `PUBLISH` reaches every node of a
 * cluster, so any node hears every channel. When its node goes away it moves on to the next seed
 * node, and its `ready` event (which `subscribe` renews the channels on, and reports the gap by)
 * fires again — where the Cluster client's own subscriber would change nodes silently.
 */
function createClusterConnection(
  target: ClusterTarget,
  options: ValkeyOptions,
  log: Logger,
): Redis {
  const auth = {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
  if (options.kind === 'subscriber') {
    let next = 0;
    const seed = () => target.nodes[next++ % target.nodes.length] as ClusterNode;
    const first = seed();
    const client = new IORedis({
      ...KIND_OPTIONS.subscriber,
      ...auth,
      host: first.host,
      port: first.port,
      connectionName: options.name,
      lazyConnect: false,
      retryStrategy: (attempt) => {
        // The options object is read again at each connection attempt: the next try goes to the
        // next seed node.
        Object.assign(client.options, seed());
        return Math.min(50 * 2 ** attempt, 1000);
      },
    });
    return watched(client, log);
  }
  const { enableOfflineQueue, ...redisOptions } = KIND_OPTIONS[options.kind];
  const cluster = new Cluster([...target.nodes], {
    redisOptions: { ...redisOptions, ...auth, connectionName: options.name },
    enableOfflineQueue: enableOfflineQueue ?? true,
    clusterRetryStrategy: reconnectDelay,
    // A failover: the slot map is refreshed and the command tried again every 100 ms (a command
    // gives up after 1.6 s and its caller fails open; a blocking one waits through a failover,
    // which takes cluster-node-timeout and an election: ~10 s).
    maxRedirections: options.kind === 'command' ? 16 : 100,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2000,
    // Reads go to primaries: replicas lag (asynchronous replication).
    scaleReads: 'master',
    // Managed clusters with TLS present certificates for their hostnames: connect by name.
    ...(target.tls ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  });
  // A node that is down is retried often: its errors are logged once per node every 10 s.
  const lastLogged = new Map<string, number>();
  cluster.on('node error', (err: Error & { code?: string }, node: string) => {
    if (Date.now() - (lastLogged.get(node) ?? 0) < 10_000) return;
    lastLogged.set(node, Date.now());
    log.warn({ node, code: err.code, reason: describe(err) }, 'valkey node error');
  });
  return watched(cluster, log);
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
