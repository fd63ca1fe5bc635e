import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DrillFailure, must, run } from '../drill-commands';
import {
  firewallRules,
  HOST_ROLES,
  type Host,
  hostsTopology,
  runDirectory,
  type Topology,
} from './topology';

// The drill's network: one namespace per host, all on a bridge in a namespace of its own (the
// "switch"), and one link from the machine (root namespace) to that switch, so that the machine
// plays the Internet. Each host gets the firewall table (topology.ts) as iptables INPUT rules. Every name and
// the subnet are unique per run, claimed under /run so that two drills never collide, and a
// claim whose drill died (SIGKILL) is swept by the next run.

const CLAIMS = '/run/insightdesk-drill-hosts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function namespaces(): string[] {
  return run(['ip', 'netns', 'list'])
    .stdout.split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean);
}

/** Kills what still runs in a namespace of ours (every process in it is one the drill started). */
function killInside(netns: string): void {
  for (const pid of run(['ip', 'netns', 'pids', netns]).stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {}
  }
}

/**
 * Deletes everything of run `runId`: processes left in its namespaces, namespaces, link, files,
 * claim.
 */
export function removeRun(runId: string, claim?: string): void {
  const mine = namespaces().filter((ns) => ns.startsWith(`idh-${runId}-`));
  for (const ns of mine) killInside(ns);
  for (const ns of mine) run(['ip', 'netns', 'del', ns]);
  if (existsSync(`/sys/class/net/idh${runId}`)) run(['ip', 'link', 'del', `idh${runId}`]);
  rmSync(runDirectory(runId), { recursive: true, force: true });
  if (claim) rmSync(join(CLAIMS, claim), { force: true });
}

/** Removes what drills that died without cleaning up left behind. */
export function sweepDeadRuns(): string[] {
  if (!existsSync(CLAIMS)) return [];
  const swept: string[] = [];
  for (const claim of readdirSync(CLAIMS)) {
    const [pid, runId] = readFileSync(join(CLAIMS, claim), 'utf8').trim().split(' ');
    if (!pid || !runId || alive(Number(pid))) continue;
    removeRun(runId, claim);
    swept.push(runId);
  }
  return swept;
}

/** Whether the machine routes any part of `10.X.Y.0/24` somewhere already. */
function subnetInUse(prefix: string): boolean {
  const covering = run(['ip', '-4', 'route', 'show', 'match', `${prefix}.0/24`]).stdout;
  const inside = run(['ip', '-4', 'route', 'show', 'root', `${prefix}.0/24`]).stdout;
  return (
    inside.trim() !== '' || covering.split('\n').some((l) => l.trim() && !l.startsWith('default'))
  );
}

/** A fresh run id and subnet, claimed (O_EXCL) so that a concurrent run cannot take them. */
export function claimTopology(): { topology: Topology; claim: string } {
  mkdirSync(CLAIMS, { recursive: true });
  const taken = namespaces();
  for (let attempt = 0; attempt < 50; attempt++) {
    const runId = Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
    const prefix = `10.${200 + Math.floor(Math.random() * 55)}.${Math.floor(Math.random() * 256)}`;
    if (taken.some((ns) => ns.startsWith(`idh-${runId}-`)) || subnetInUse(prefix)) continue;
    try {
      const fd = openSync(join(CLAIMS, prefix), 'wx');
      writeFileSync(fd, `${process.pid} ${runId}\n`);
      closeSync(fd);
    } catch {
      continue;
    }
    return { topology: hostsTopology(runId, `${prefix}.0`), claim: prefix };
  }
  throw new DrillFailure('found no free run id and subnet in 50 attempts');
}

const inside = (netns: string, cmd: readonly string[]) => ['ip', 'netns', 'exec', netns, ...cmd];

/** Creates the namespaces, the switch, the machine's link and every host's firewall. */
export function createNetwork(t: Topology): void {
  const lan = t.lanNetns;
  must(['ip', 'netns', 'add', lan], `ip netns add ${lan}`);
  must(['ip', '-n', lan, 'link', 'set', 'lo', 'up'], 'lo up (switch)');
  must(['ip', '-n', lan, 'link', 'add', 'br0', 'type', 'bridge'], 'bridge');
  must(['ip', '-n', lan, 'link', 'set', 'br0', 'up'], 'bridge up');
  const attach = (port: string) =>
    must(['ip', '-n', lan, 'link', 'set', port, 'master', 'br0', 'up'], `attaching ${port}`);
  for (const role of HOST_ROLES) {
    const host = t.hosts[role];
    must(['ip', 'netns', 'add', host.netns], `ip netns add ${host.netns}`);
    must(
      [
        'ip',
        '-n',
        lan,
        'link',
        'add',
        role,
        'type',
        'veth',
        'peer',
        'name',
        'eth0',
        'netns',
        host.netns,
      ],
      `link of ${role}`,
    );
    attach(role);
    must(
      ['ip', '-n', host.netns, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0'],
      `address of ${role}`,
    );
    must(['ip', '-n', host.netns, 'link', 'set', 'eth0', 'up'], `eth0 up (${role})`);
    must(['ip', '-n', host.netns, 'link', 'set', 'lo', 'up'], `lo up (${role})`);
    for (const rule of firewallRules(t, role))
      must(inside(host.netns, ['iptables', ...rule]), `firewall of ${role}: ${rule.join(' ')}`);
  }
  must(
    ['ip', 'link', 'add', t.outsideLink, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', lan],
    'the machine’s link',
  );
  attach('uplink');
  must(
    ['ip', 'addr', 'add', `${t.outsideAddress}/24`, 'dev', t.outsideLink],
    'the machine’s address',
  );
  must(['ip', 'link', 'set', t.outsideLink, 'up'], 'the machine’s link up');
}

export type Reach = 'open' | 'firewalled' | 'closed' | 'timeout' | 'other';

/**
 * Tries a TCP connection from `from` (a host, or the machine itself) and says what happened:
 * `firewalled` is our REJECT (ICMP "administratively prohibited": EHOSTUNREACH), `closed` a port
 * where nothing listens (RST).
 */
export async function reach(from: Host | null, address: string, port: number): Promise<Reach> {
  const probe = ['timeout', '3', 'bash', '-c', `exec 3<>/dev/tcp/${address}/${port}`];
  const proc = Bun.spawn(from ? inside(from.netns, probe) : probe, {
    stdout: 'ignore',
    stderr: 'pipe',
  });
  const [code, stderr] = await Promise.all([proc.exited, new Response(proc.stderr).text()]);
  if (code === 0) return 'open';
  if (code === 124) return 'timeout';
  if (/No route to host/i.test(stderr)) return 'firewalled';
  if (/Connection refused/i.test(stderr)) return 'closed';
  return 'other';
}

/** Runs a command inside a host and returns its output (curl, psql, pg_isready). */
export function runInside(
  host: Host,
  cmd: readonly string[],
  env?: Record<string, string>,
): ReturnType<typeof run> {
  return run(inside(host.netns, cmd), env ? { env } : {});
}

/** One SQL statement through psql inside a host, as `postgres` over TCP; its unaligned output. */
export function psqlInside(
  host: Host,
  target: { port: number; password: string; database: string },
  sql: string,
): string {
  const result = runInside(
    host,
    [
      'psql',
      '-h',
      '127.0.0.1',
      '-p',
      String(target.port),
      '-U',
      'postgres',
      '-d',
      target.database,
    ].concat(['-v', 'ON_ERROR_STOP=1', '-Atc', sql]),
    { ...(process.env as Record<string, string>), PGPASSWORD: target.password },
  );
  if (result.code !== 0)
    throw new DrillFailure(`psql on ${host.role}:${target.port}: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

export { inside };
