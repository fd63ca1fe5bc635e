import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keptSecret } from '../kept-secret';
import { paths } from '../paths';
import { superuserPassword } from '../pg-superuser';
import type { StackSettings } from '../settings';
import { resolvedDataDir, serviceDataDir } from '../system';
import { writeHaConfig } from './cluster';
import { type HaLayout, haLayout } from './layout';

// `./stack up --ha`: the stack's PostgreSQL as three Patroni nodes with etcd and HAProxy in front.
// HAProxy's primary listener takes the single node's port (STACK_PG_PORT), so DATABASE_URL and
// every tool that reaches the stack's PostgreSQL stay as they are; its replica listener serves
// the services' lag-tolerant reads. The profile lasts while the stack runs: a marker in .data/run
// tells every later command (status, logs, stop, start) which processes the stack has.

const MARKER = join(paths.run, 'profile-ha');
const REPLICATION_PASSWORD = join(paths.data, 'ha-replication-password');

/** Nodes of the profile's topology. */
export const PROFILE_NODES = 3;

/** Whether the running (or last) stack was started with `--ha`. */
export const haProfileOn = (): boolean => existsSync(MARKER);

export function markHaProfile(on: boolean): void {
  mkdirSync(paths.run, { recursive: true });
  if (on) writeFileSync(MARKER, 'PostgreSQL: Patroni, etcd and HAProxy (./stack up --ha)\n');
  else rmSync(MARKER, { force: true });
}

/**
 * The profile's topology: its superuser is the single node's (the same password file). The
 * nodes' directories as they are (`create`: made the service user's first, as bootstrap does).
 */
export function profileLayout(settings: StackSettings, create = false): HaLayout {
  const nodeDir = create ? serviceDataDir : resolvedDataDir;
  return haLayout({
    scope: 'insightdesk',
    base: settings.stack.haPort,
    nodes: PROFILE_NODES,
    primaryPort: settings.stack.pgPort,
    dirOf: (part) =>
      part.startsWith('pg-') ? nodeDir(`ha-${part}`) : join(paths.data, `ha-${part}`),
    superuserPassword: superuserPassword(),
    replicationPassword: keptSecret(REPLICATION_PASSWORD),
  });
}

/** Everything the profile's processes need on disk (bootstrap, before they start). */
export function prepareHaProfile(settings: StackSettings): HaLayout {
  const layout = profileLayout(settings, true);
  writeHaConfig(layout);
  return layout;
}
