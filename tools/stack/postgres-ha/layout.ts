import { join } from 'node:path';

// The shape of a local PostgreSQL HA topology — one etcd, Patroni nodes each running PostgreSQL,
// HAProxy in front — as `./stack up --ha`, `./stack drill postgres`, the bench and the suite's
// failover test each lay one out: on their own loopback ports and under their own directories.

export interface HaNode {
  /** Patroni's member name (pg-1, pg-2, …), also the HAProxy server's. */
  readonly name: string;
  readonly pgPort: number;
  /** Patroni's REST API (health checks, switchover). */
  readonly restPort: number;
  /** The node's own directory (the service user's): Patroni's configuration, pgpass, data/. */
  readonly dir: string;
}

export interface HaLayout {
  /** Patroni's cluster name (its etcd keys live under /service/<scope>/). */
  readonly scope: string;
  readonly etcd: { readonly clientPort: number; readonly peerPort: number; readonly dir: string };
  readonly nodes: readonly HaNode[];
  readonly haproxy: {
    /** Routes to the current primary (Patroni's `/primary` answers 200 there only). */
    readonly primaryPort: number;
    /** Round robin over the running replicas (`/replica`): reads that tolerate lag. */
    readonly replicaPort: number;
    readonly dir: string;
  };
  readonly superuserPassword: string;
  readonly replicationPassword: string;
  /**
   * Patroni's leader lease (`ttl`): a primary that stopped renewing it (its node dead) is
   * replaced once it expires. 10 s here (Patroni's default is 30 s).
   */
  readonly ttlSeconds: number;
}

/** Ports of a topology, from one base: etcd at base, +1; Patroni REST base+10+n; PG base+20+n. */
export function haPorts(base: number, nodes: number) {
  return {
    etcdClient: base,
    etcdPeer: base + 1,
    rest: (n: number) => base + 10 + n,
    pg: (n: number) => base + 20 + n,
    replica: base + 30,
    count: nodes,
  };
}

/**
 * A topology of `nodes` Patroni nodes from a port base; `dirOf(name)` gives each part's directory
 * (the nodes' must belong to the service user: serviceDataDir), `primaryPort` HAProxy's primary
 * listener (the profile puts it on the single node's port, so the services' URLs stay).
 */
export function haLayout(options: {
  readonly scope: string;
  readonly base: number;
  readonly nodes: number;
  readonly primaryPort?: number;
  readonly dirOf: (part: string) => string;
  readonly superuserPassword: string;
  readonly replicationPassword: string;
  readonly ttlSeconds?: number;
}): HaLayout {
  const ports = haPorts(options.base, options.nodes);
  return {
    scope: options.scope,
    etcd: {
      clientPort: ports.etcdClient,
      peerPort: ports.etcdPeer,
      dir: options.dirOf('etcd'),
    },
    nodes: Array.from({ length: options.nodes }, (_, i) => ({
      name: `pg-${i + 1}`,
      pgPort: ports.pg(i + 1),
      restPort: ports.rest(i + 1),
      dir: options.dirOf(`pg-${i + 1}`),
    })),
    haproxy: {
      primaryPort: options.primaryPort ?? options.base + 29,
      replicaPort: ports.replica,
      dir: options.dirOf('haproxy'),
    },
    superuserPassword: options.superuserPassword,
    replicationPassword: options.replicationPassword,
    ttlSeconds: options.ttlSeconds ?? 10,
  };
}

export const patroniConfigFile = (node: HaNode) => join(node.dir, 'patroni.json');
export const haproxyConfigFile = (layout: HaLayout) => join(layout.haproxy.dir, 'haproxy.cfg');
export const nodeDataDir = (node: HaNode) => join(node.dir, 'data');

/** A postgres:// URL of `url`'s role and database on another host and port. */
export function urlAt(url: string, port: number, host = '127.0.0.1'): string {
  const u = new URL(url);
  u.hostname = host;
  u.port = String(port);
  return u.href;
}
