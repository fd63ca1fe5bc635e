import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { asServiceUser, chownToServiceUser, pgBinDir, which } from '../system';
import { etcdArgs, haproxyConfig, patroniConfig } from './config';
import {
  type HaLayout,
  type HaNode,
  haproxyConfigFile,
  nodeDataDir,
  patroniConfigFile,
} from './layout';
import { members, primaryNode, roles } from './patroni-api';

// A topology run as child processes of a drill, a bench or a test (`./stack up --ha` runs the
// same parts under the supervisor: processes.ts): its configuration written, each part started,
// a node killed outright (Patroni and its PostgreSQL, as when its machine dies) or started again,
// and everything stopped at the end.

export function haBinaries() {
  const found = {
    etcd: which('etcd'),
    patroni: which('patroni'),
    haproxy: which('haproxy', ['/usr/sbin']),
  };
  const missing = Object.entries(found)
    .filter(([, path]) => !path)
    .map(([name]) => name);
  if (missing.length > 0)
    throw new Error(
      `${missing.join(', ')} not installed (./stack up --ha and ./stack drill postgres install etcd-server, patroni and haproxy)`,
    );
  return found as { etcd: string; patroni: string; haproxy: string };
}

/**
 * Writes every part's configuration. The nodes' directories must exist and belong to the service
 * user (PostgreSQL runs as it); their files hold passwords: readable by that user alone.
 */
export function writeHaConfig(layout: HaLayout, binDir = pgBinDir()): void {
  mkdirSync(layout.etcd.dir, { recursive: true });
  mkdirSync(layout.haproxy.dir, { recursive: true });
  for (const node of layout.nodes) {
    mkdirSync(node.dir, { recursive: true });
    writeFileSync(
      patroniConfigFile(node),
      `${JSON.stringify(patroniConfig(layout, node, binDir), null, 2)}\n`,
      { mode: 0o600 },
    );
    chownToServiceUser(node.dir);
  }
  writeFileSync(haproxyConfigFile(layout), haproxyConfig(layout));
}

/** Patroni's command for a node, as the service user (PostgreSQL refuses root). */
export function patroniCommand(node: HaNode, patroni: string): string[] {
  return asServiceUser([patroni, patroniConfigFile(node)]);
}

/** What Patroni needs in its environment: the node's directory as home, a UTF-8 locale. */
export function patroniEnv(node: HaNode): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: node.dir,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
  };
}

export function haproxyCommand(layout: HaLayout, haproxy: string): string[] {
  // -db: foreground, no daemon; -W: master-worker (SIGUSR2 reloads, SIGTERM stops).
  return [haproxy, '-W', '-db', '-f', haproxyConfigFile(layout)];
}

/** The postmaster's pid of a node's data directory, if it runs. */
function postmasterPid(node: HaNode): number | undefined {
  const file = join(nodeDataDir(node), 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && existsSync(`/proc/${pid}`) ? pid : undefined;
}

/** The pids whose parent is `pid` (a postmaster's backends and auxiliary processes). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: the command may hold spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function kill(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export interface HaCluster {
  readonly layout: HaLayout;
  startNode(name: string): void;
  /** SIGKILL of the node's Patroni, its postmaster and every PostgreSQL process under it. */
  killNode(name: string): void;
  /** Stops a node gracefully (Patroni stops its PostgreSQL first). */
  stopNode(name: string): Promise<void>;
  /** The current leader's name, once one is running as primary (within `timeoutMs`). */
  waitForLeader(timeoutMs: number, except?: string): Promise<string>;
  /** Once every node runs and `count` of them are synchronous standbys. */
  waitForReplicas(timeoutMs: number, count?: number): Promise<void>;
  stopAll(): Promise<void>;
}

/**
 * Starts etcd, then every node, then HAProxy, each logging to `logOf(part)`. Returns at once:
 * wait for a leader with `waitForLeader`.
 */
export function startHaCluster(layout: HaLayout, logOf: (part: string) => string): HaCluster {
  const bin = haBinaries();
  writeHaConfig(layout);
  const spawn = (part: string, cmd: string[], env: Record<string, string>, cwd: string) => {
    const log = logOf(part);
    mkdirSync(join(log, '..'), { recursive: true });
    writeFileSync(log, '', { flag: 'a' });
    return Bun.spawn(cmd, { cwd, env, stdout: Bun.file(log), stderr: Bun.file(log) });
  };
  const etcd = spawn(
    'etcd',
    [bin.etcd, ...etcdArgs(layout)],
    { PATH: process.env.PATH ?? '' },
    layout.etcd.dir,
  );
  const nodes = new Map<string, Subprocess>();
  const nodeOf = (name: string) => {
    const node = layout.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name}`);
    return node;
  };
  const startNode = (name: string) => {
    const node = nodeOf(name);
    nodes.set(name, spawn(name, patroniCommand(node, bin.patroni), patroniEnv(node), node.dir));
  };
  for (const node of layout.nodes) startNode(node.name);
  const haproxy = spawn(
    'haproxy',
    haproxyCommand(layout, bin.haproxy),
    { PATH: process.env.PATH ?? '' },
    layout.haproxy.dir,
  );

  const killNode = (name: string) => {
    const node = nodeOf(name);
    const postmaster = postmasterPid(node);
    const patroni = nodes.get(name);
    if (patroni) kill(patroni.pid, 'SIGKILL');
    if (postmaster) {
      const backends = childrenOf(postmaster);
      kill(postmaster, 'SIGKILL');
      for (const pid of backends) kill(pid, 'SIGKILL');
    }
  };

  const stopNode = async (name: string) => {
    const patroni = nodes.get(name);
    if (patroni && patroni.exitCode === null) {
      patroni.kill('SIGTERM');
      await Promise.race([patroni.exited, Bun.sleep(30_000)]);
    }
    // A postmaster left behind (its Patroni killed): a fast shutdown, then no more waiting.
    const left = postmasterPid(nodeOf(name));
    if (left) {
      kill(left, 'SIGINT');
      for (let i = 0; i < 100 && existsSync(`/proc/${left}`); i++) await Bun.sleep(100);
      kill(left, 'SIGKILL');
    }
  };

  return {
    layout,
    startNode,
    killNode,
    stopNode,
    async waitForLeader(timeoutMs, except) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const node = await primaryNode(layout);
        if (node && node.name !== except) return node.name;
        if (performance.now() > deadline)
          throw new Error(`no primary${except ? ` other than ${except}` : ''} in ${timeoutMs} ms`);
        await Bun.sleep(100);
      }
    },
    async waitForReplicas(timeoutMs, count = 1) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const list = await members(layout);
        const r = roles(list);
        const running = list.filter((m) => m.state === 'running' || m.state === 'streaming');
        if (r.leader && running.length === layout.nodes.length && r.sync.length >= count) return;
        if (performance.now() > deadline)
          throw new Error(
            `replicas not all running and synchronous in ${timeoutMs} ms: ${JSON.stringify(list)}`,
          );
        await Bun.sleep(200);
      }
    },
    async stopAll() {
      await Promise.all(layout.nodes.map((n) => stopNode(n.name)));
      for (const p of [haproxy, etcd]) p.kill('SIGTERM');
      await Promise.all([haproxy.exited, etcd.exited]);
    },
  };
}

/** Removes a topology's directories (after stopAll). */
export function removeHaDirs(layout: HaLayout): void {
  for (const dir of [layout.etcd.dir, layout.haproxy.dir, ...layout.nodes.map((n) => n.dir)])
    rmSync(dir, { recursive: true, force: true });
}
