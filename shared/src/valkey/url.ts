/**
 * Where a store's Valkey is, from its URL (VALKEY_URL, VALKEY_QUEUE_URL, VALKEY_CACHE_URL):
 *
 * - `redis://…` or `rediss://…` (TLS): one server;
 * - `redis+cluster://[user:password@]host:port[?nodes=host:port,host:port]` or `rediss+cluster://…`
 *   (TLS): a Valkey/Redis Cluster. The host is the first seed node (a managed cluster's
 *   configuration endpoint is one), `nodes` lists more seeds: the client learns the rest of the
 *   cluster from whichever answers first. The credentials are the URL's, as for one server.
 *
 * A URL per store rather than one cluster switch: the queue store may be a cluster while the
 * cache is one server, or the reverse, and each URL stays a valid URL (one secret each).
 */

export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

export interface ClusterTarget {
  readonly kind: 'cluster';
  readonly nodes: readonly ClusterNode[];
  readonly username?: string;
  readonly password?: string;
  readonly tls: boolean;
}

export type ValkeyTarget = { readonly kind: 'server'; readonly url: string } | ClusterTarget;

const CLUSTER_SCHEMES: Record<string, boolean> = {
  'redis+cluster:': false,
  'rediss+cluster:': true,
  'valkey+cluster:': false,
  'valkeys+cluster:': true,
};

const DEFAULT_PORT = 6379;

function node(hostPort: string, url: string): ClusterNode {
  // host:port, or [v6]:port
  const match = hostPort.trim().match(/^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/);
  const port = Number(match?.[2] ?? DEFAULT_PORT);
  if (!match?.[1] || port < 1 || port > 65_535)
    throw new Error(`${redactedUrl(url)}: "${hostPort}" is not host:port`);
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

/** The URL without its credentials, for error messages. */
function redactedUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

export const isClusterUrl = (url: string): boolean =>
  Object.hasOwn(CLUSTER_SCHEMES, url.slice(0, url.indexOf(':') + 1).toLowerCase());

export function parseValkeyUrl(url: string): ValkeyTarget {
  if (!isClusterUrl(url)) return { kind: 'server', url };
  const parsed = new URL(url);
  const seeds = [
    `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`,
    ...(parsed.searchParams.get('nodes')?.split(',').filter(Boolean) ?? []),
  ];
  const unknown = [...parsed.searchParams.keys()].filter((k) => k !== 'nodes');
  if (unknown.length > 0)
    throw new Error(`${redactedUrl(url)}: unknown parameter ${unknown.join(', ')} (only nodes)`);
  if (parsed.pathname !== '' && parsed.pathname !== '/')
    throw new Error(`${redactedUrl(url)}: a cluster has one database (no /<db> path)`);
  return {
    kind: 'cluster',
    nodes: seeds.map((seed) => node(seed, url)),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    tls: CLUSTER_SCHEMES[parsed.protocol.toLowerCase()] === true,
  };
}
