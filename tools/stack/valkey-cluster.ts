import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { DrillFailure, must, run } from './drill-commands';
import { scratchValkeyCommand } from './scratch-valkey';

// A local Valkey Cluster of six nodes (three primaries, three replicas) on loopback, for
// `./stack drill cluster` and bench/cluster-adapter.ts. A short cluster-node-timeout: a failed
// primary's replica takes over within a few seconds.

const NODE_TIMEOUT_MS = 2000;
export function serverBinary(): string {
  for (const name of ['valkey-server', 'redis-server'])
    if (run(['sh', '-c', `command -v ${name}`]).code === 0) return name;
  throw new DrillFailure(
    'neither valkey-server nor redis-server is installed (./stack up installs it)',
  );
}
export const cliBinary = () =>
  run(['sh', '-c', 'command -v valkey-cli']).code === 0 ? 'valkey-cli' : 'redis-cli';

/** One node's answer to a command, or '' while it is down. */
export function ask(port: number, ...command: string[]): string {
  const result = run([cliBinary(), '-h', '127.0.0.1', '-p', String(port), ...command]);
  return result.code === 0 ? result.stdout.trim() : '';
}

export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new DrillFailure(`${what}: not within ${timeoutMs} ms`);
    await Bun.sleep(100);
  }
}

export interface ClusterNodeLine {
  readonly id: string;
  readonly port: number;
  readonly primary: boolean;
  readonly failed: boolean;
  readonly primaryId: string;
  readonly slots: readonly [number, number][];
}

export function clusterNodes(port: number): ClusterNodeLine[] {
  return ask(port, 'CLUSTER', 'NODES')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id = '', address = '', flags = '', primaryId = '', , , , , ...slots] = line.split(' ');
      return {
        id,
        port: Number(address.split('@')[0]?.split(':')[1]),
        primary: flags.includes('master'),
        failed: flags.includes('fail'),
        primaryId,
        slots: slots
          .filter((s) => !s.startsWith('['))
          .map((s) => {
            const [a, b] = s.split('-').map(Number);
            return [a ?? 0, b ?? a ?? 0] as [number, number];
          }),
      };
    });
}

export const owns = (node: ClusterNodeLine, slot: number) =>
  node.slots.some(([a, b]) => slot >= a && slot <= b);

/**
 * Six cluster-enabled nodes on loopback (`firstPort`..+5, bus ports +10000), each in its own
 * directory under `dir`: their processes, and how to kill and restart one.
 */
export function startNodes(firstPort: number, dir: string) {
  // Neither server installed: the drill fails now, with what to install.
  serverBinary();
  const ports = [0, 1, 2, 3, 4, 5].map((i) => firstPort + i);
  const processes = new Map<number, Subprocess>();
  const start = (port: number) => {
    const home = join(dir, String(port));
    mkdirSync(home, { recursive: true });
    processes.set(
      port,
      Bun.spawn(
        scratchValkeyCommand(port, home, [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          'nodes.conf',
          '--cluster-node-timeout',
          String(NODE_TIMEOUT_MS),
          '--maxmemory-policy',
          'noeviction',
          '--logfile',
          join(home, 'server.log'),
        ]),
        { stdout: 'ignore', stderr: 'ignore' },
      ),
    );
  };
  return {
    ports,
    start,
    kill(port: number) {
      processes.get(port)?.kill('SIGKILL');
    },
    async stopAll() {
      for (const p of processes.values()) p.kill('SIGKILL');
      await Promise.all([...processes.values()].map((p) => p.exited));
    },
  };
}

/**
 * Forms the cluster (`--cluster create`, one replica per primary) and waits until every node
 * says `cluster_state:ok`.
 */
export async function formCluster(ports: readonly number[]): Promise<void> {
  await until(
    'six nodes answering',
    15_000,
    () => ports.every((p) => ask(p, 'PING') === 'PONG') || undefined,
  );
  must(
    [
      cliBinary(),
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '1',
      '--cluster-yes',
    ],
    'redis-cli --cluster create',
  );
  await until(
    'cluster_state:ok on every node',
    20_000,
    () => ports.every((p) => ask(p, 'CLUSTER', 'INFO').includes('cluster_state:ok')) || undefined,
  );
}

/** The services' URL of a cluster: `first` as the first seed, then the others. */
export function clusterUrl(ports: readonly number[], first: number = ports[0] ?? 0): string {
  const seeds = [first, ...ports.filter((p) => p !== first)];
  return `redis+cluster://127.0.0.1:${seeds[0]}?nodes=${seeds
    .slice(1)
    .map((p) => `127.0.0.1:${p}`)
    .join(',')}`;
}
/**
 * Moves one slot from a primary to another while clients use it, the way `redis-cli --cluster
 * reshard` moves each of its slots: the target imports, the source migrates (clients get ASK for
 * keys already moved, TRYAGAIN for a command over keys on both sides), keys go over in batches
 * (MIGRATE), then every primary learns the slot's new owner (clients get MOVED).
 */
export function migrateSlot(
  slot: number,
  from: ClusterNodeLine,
  to: ClusterNodeLine,
  primaries: readonly number[],
): number {
  const s = String(slot);
  must(
    [cliBinary(), '-p', String(to.port), 'CLUSTER', 'SETSLOT', s, 'IMPORTING', from.id],
    'SETSLOT IMPORTING',
  );
  must(
    [cliBinary(), '-p', String(from.port), 'CLUSTER', 'SETSLOT', s, 'MIGRATING', to.id],
    'SETSLOT MIGRATING',
  );
  let moved = 0;
  for (;;) {
    const keys = ask(from.port, 'CLUSTER', 'GETKEYSINSLOT', s, '200').split('\n').filter(Boolean);
    if (keys.length === 0) break;
    const answer = must(
      [
        cliBinary(),
        '-p',
        String(from.port),
        'MIGRATE',
        '127.0.0.1',
        String(to.port),
        '',
        '0',
        '10000',
        'REPLACE',
        'KEYS',
        ...keys,
      ],
      'MIGRATE',
    );
    if (!answer.includes('OK') && !answer.includes('NOKEY'))
      throw new DrillFailure(`MIGRATE of slot ${slot}: ${answer.trim()}`);
    moved += keys.length;
  }
  for (const port of [
    to.port,
    from.port,
    ...primaries.filter((p) => p !== to.port && p !== from.port),
  ])
    run([cliBinary(), '-p', String(port), 'CLUSTER', 'SETSLOT', s, 'NODE', to.id]);
  return moved;
}
