import { userInfo } from 'node:os';
import type { ProcessDef } from '../process-def';
import type { StackSettings } from '../settings';
import { serviceUserName, which } from '../system';
import { haproxyCommand, patroniCommand, patroniEnv } from './cluster';
import { etcdArgs } from './config';
import { type HaLayout, urlAt } from './layout';
import { profileLayout } from './profile';

// The supervisor's processes for `./stack up --ha`, in place of the single `postgres`: etcd, the
// Patroni nodes (each runs its PostgreSQL), and HAProxy, ready once it reaches a primary.

/** The process every database user of the stack waits for (db-setup, the services). */
export const HA_ENTRY = 'haproxy';

function binary(name: string, extra: string[] = []): string {
  const path = which(name, extra);
  if (!path) throw new Error(`${name} is not installed (./stack up --ha installs it)`);
  return path;
}

export function haProcesses(settings: StackSettings, layout: HaLayout = profileLayout(settings)) {
  const me = userInfo().username;
  const path = process.env.PATH ?? '/usr/bin:/bin';
  const etcd: ProcessDef = {
    name: 'etcd',
    group: 'etcd',
    cmd: [binary('etcd'), ...etcdArgs(layout)],
    env: { PATH: path },
    port: layout.etcd.clientPort,
    listens: { STACK_HA_PORT: layout.etcd.clientPort },
    runsAs: me,
    cwd: layout.etcd.dir,
    probe: { kind: 'http', url: `http://127.0.0.1:${layout.etcd.clientPort}/health` },
    dependsOn: [],
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 15_000,
  };
  const nodes = layout.nodes.map(
    (node): ProcessDef => ({
      name: node.name,
      // `./stack stop postgres` stops every node, as it stops the single one.
      group: 'postgres',
      cmd: patroniCommand(node, binary('patroni')),
      env: patroniEnv(node),
      port: node.pgPort,
      listens: { STACK_HA_PORT: node.pgPort },
      runsAs: serviceUserName(),
      cwd: node.dir,
      // Patroni's /health: 200 once its PostgreSQL runs, primary or replica.
      probe: { kind: 'http', url: `http://127.0.0.1:${node.restPort}/health` },
      dependsOn: ['etcd'],
      // Patroni stops its PostgreSQL (fast shutdown; a leader hands over first) and exits.
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 60_000,
    }),
  );
  const haproxy: ProcessDef = {
    name: HA_ENTRY,
    group: HA_ENTRY,
    cmd: haproxyCommand(layout, binary('haproxy', ['/usr/sbin'])),
    env: { PATH: path },
    port: layout.haproxy.primaryPort,
    listens: {
      STACK_PG_PORT: layout.haproxy.primaryPort,
      STACK_HA_PORT: layout.haproxy.replicaPort,
    },
    runsAs: me,
    cwd: layout.haproxy.dir,
    // pg_isready through the primary listener: ready once a primary answers behind it.
    probe: { kind: 'pg', port: layout.haproxy.primaryPort },
    dependsOn: nodes.map((n) => n.name),
    stopSignal: 'SIGTERM',
    stopTimeoutMs: 10_000,
  };
  return { defs: [etcd, ...nodes, haproxy], layout };
}

/**
 * The services' environment in the profile: lag-tolerant reads through HAProxy's replica
 * listener, unless the configuration names replicas of its own.
 */
export function haServiceEnv(settings: StackSettings, layout: HaLayout): Record<string, string> {
  if (settings.db.replicaUrls.length > 0) return {};
  return { DATABASE_REPLICA_URLS: urlAt(settings.db.url, layout.haproxy.replicaPort) };
}
