import { STATEMENT_SETTINGS } from '../postgres-statements';
import type { HaLayout, HaNode } from './layout';
import { nodeDataDir } from './layout';

// What each process of the HA topology is given: etcd's flags, each Patroni node's configuration
// (JSON, which Patroni's YAML reader takes as it is) and HAProxy's. Pure: the callers write and
// start them. The settings are those verified on this machine (docs/deployment.md, "PostgreSQL high availability").

/** etcd, one member on loopback: Patroni's consensus store (its v3 API). */
export function etcdArgs(layout: HaLayout): string[] {
  const { clientPort, peerPort, dir } = layout.etcd;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name',
    'etcd-1',
    '--data-dir',
    dir,
    '--listen-client-urls',
    `http://127.0.0.1:${clientPort}`,
    '--advertise-client-urls',
    `http://127.0.0.1:${clientPort}`,
    '--listen-peer-urls',
    peer,
    '--initial-advertise-peer-urls',
    peer,
    '--initial-cluster',
    `etcd-1=${peer}`,
    '--initial-cluster-state',
    'new',
    '--log-level',
    'warn',
  ];
}

/** PostgreSQL's settings on every node (Patroni writes them into postgresql.conf). */
function postgresParameters(): Record<string, string | number> {
  return {
    max_connections: 300,
    // pg_rewind needs hint bits WAL-logged (or data checksums) to bring a former primary back.
    wal_log_hints: 'on',
    wal_level: 'replica',
    max_wal_senders: 10,
    max_replication_slots: 10,
    hot_standby: 'on',
    // As the single node: JIT costs tens of milliseconds and pays off only for analytics.
    jit: 'off',
    // TCP only, on loopback: no socket directory the service user may not write.
    unix_socket_directories: '',
    // pg_stat_statements, the slow statement log, auto_explain: as the single node.
    ...STATEMENT_SETTINGS,
  };
}

/**
 * One Patroni node's configuration. `synchronous_mode`: a commit is acknowledged once a
 * synchronous standby has flushed it, and only that standby may be promoted — so no commit a
 * client saw acknowledged is lost with the primary. Not strict: with no standby left, the primary
 * goes on alone (writes continue; the standby that comes back catches up and becomes synchronous
 * again). `use_pg_rewind`: a former primary rejoins as a replica without a new base backup.
 */
export function patroniConfig(layout: HaLayout, node: HaNode, binDir: string): object {
  const listen = `127.0.0.1:${node.pgPort}`;
  return {
    scope: layout.scope,
    name: node.name,
    restapi: {
      listen: `127.0.0.1:${node.restPort}`,
      connect_address: `127.0.0.1:${node.restPort}`,
    },
    etcd3: { hosts: [`127.0.0.1:${layout.etcd.clientPort}`] },
    log: { level: 'INFO', format: '%(asctime)s %(levelname)s: %(message)s' },
    bootstrap: {
      dcs: {
        ttl: layout.ttlSeconds,
        loop_wait: 1,
        retry_timeout: 4,
        maximum_lag_on_failover: 1048576,
        synchronous_mode: true,
        synchronous_node_count: 1,
        postgresql: {
          use_pg_rewind: true,
          use_slots: true,
          parameters: postgresParameters(),
        },
      },
      initdb: [{ encoding: 'UTF8' }, { locale: 'C.UTF-8' }, 'data-checksums'],
    },
    postgresql: {
      listen,
      connect_address: listen,
      data_dir: nodeDataDir(node),
      bin_dir: binDir,
      pgpass: `${node.dir}/pgpass`,
      authentication: {
        superuser: { username: 'postgres', password: layout.superuserPassword },
        replication: { username: 'replicator', password: layout.replicationPassword },
        rewind: { username: 'postgres', password: layout.superuserPassword },
      },
      pg_hba: [
        'host replication replicator 127.0.0.1/32 scram-sha-256',
        'host all all 127.0.0.1/32 scram-sha-256',
      ],
      parameters: { password_encryption: 'scram-sha-256' },
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
}

/**
 * HAProxy in front of the nodes: the primary listener sends each connection to the node whose
 * Patroni answers `/primary` with 200; the replica listener to the running replicas in turn
 * (`/replica`), or to the primary while none runs — a read sent there never waits for a replica
 * that may not come back soon (the services' router then reads from the primary itself: its
 * probe sees a server not in recovery). OPTIONS, not GET: Patroni logs a traceback for every GET
 * it answers 503. A server marked down has its connections shut at once (a client learns at once,
 * and reconnects to the new primary). Long idle timeouts: a pooled or LISTENing connection may
 * stay idle a long time.
 */
export function haproxyConfig(layout: HaLayout): string {
  const servers = (check: string) =>
    [
      `    option httpchk OPTIONS ${check}`,
      '    http-check expect status 200',
      ...layout.nodes.map(
        (n) => `    server ${n.name} 127.0.0.1:${n.pgPort} check port ${n.restPort}`,
      ),
    ].join('\n');
  return `# Rendered by tools/stack/postgres-ha/config.ts: do not edit.
global
    maxconn 2000

defaults
    mode tcp
    timeout connect 2s
    timeout client 24h
    timeout server 24h
    timeout check 2s
    option clitcpka
    option srvtcpka
    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 1 on-marked-down shutdown-sessions

frontend primary
    bind 127.0.0.1:${layout.haproxy.primaryPort}
    default_backend primary

backend primary
${servers('/primary')}

frontend replicas
    bind 127.0.0.1:${layout.haproxy.replicaPort}
    use_backend replicas if { nbsrv(replicas) gt 0 }
    default_backend primary

backend replicas
    balance roundrobin
${servers('/replica')}
`;
}
