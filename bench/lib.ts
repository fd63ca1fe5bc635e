import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderNginx } from '../tools/stack/bootstrap';
import { supervisorStatus } from '../tools/stack/control';
import { loadStackSettings } from '../tools/stack/settings';
import { which } from '../tools/stack/system';

export const ROOT = resolve(import.meta.dir, '..');
export const settings = loadStackSettings();

export interface WrkResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
}

/** wrk from Debian's packages (installed with apt when missing). */
export function ensureWrk(): string {
  const found = which('wrk');
  if (found) return found;
  console.error('==> installing wrk with apt');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const r = Bun.spawnSync([...sudo, 'apt-get', 'install', '-y', '-q', 'wrk'], {
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if (r.exitCode !== 0) throw new Error('could not install wrk (apt-get install wrk)');
  return which('wrk') ?? 'wrk';
}

function toMs(value: string): number {
  const m = value.match(/^([\d.]+)(us|ms|s|m)$/);
  if (!m) return Number.NaN;
  const n = Number(m[1]);
  return { us: n / 1000, ms: n, s: n * 1000, m: n * 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm'];
}

export interface WrkOptions {
  readonly connections?: number;
  readonly threads?: number;
  readonly seconds?: number;
  readonly script?: string;
  readonly headers?: Record<string, string>;
}

export async function wrk(url: string, options: WrkOptions = {}): Promise<WrkResult> {
  const args = [
    ensureWrk(),
    '-t',
    String(options.threads ?? 2),
    '-c',
    String(options.connections ?? 64),
    '-d',
    `${options.seconds ?? 10}s`,
    '--latency',
    ...(options.script ? ['-s', options.script] : []),
    ...Object.entries(options.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]),
    url,
  ];
  const proc = Bun.spawn(args, { stdout: 'pipe', stderr: 'pipe' });
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? Number.NaN);
  const p50 = toMs(out.match(/^\s+50%\s+(\S+)/m)?.[1] ?? '');
  const p99 = toMs(out.match(/^\s+99%\s+(\S+)/m)?.[1] ?? '');
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  const socketErrors = out.match(
    /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/,
  );
  const errors =
    non2xx + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  if (!Number.isFinite(rps)) throw new Error(`wrk failed:\n${out}`);
  return { rps, p50Ms: p50, p99Ms: p99, errors };
}

/**
 * A second nginx rendered from the very same template, on other ports, whose two api upstream
 * servers are `upstreamPorts`: the "raw Bun.serve behind the same nginx" baseline.
 */
export async function baselineNginx(
  upstreamPorts: readonly [number, number],
  httpsPort: number,
): Promise<() => Promise<void>> {
  const prefix = join(ROOT, '.data', 'bench-nginx');
  mkdirSync(prefix, { recursive: true });
  renderNginx(
    settings,
    {
      HTTPS_PORT: httpsPort,
      HTTP_PORT: httpsPort + 1,
      API_1: `127.0.0.1:${upstreamPorts[0]}`,
      API_2: `127.0.0.1:${upstreamPorts[1]}`,
      WS_1: `127.0.0.1:${upstreamPorts[0]}`,
      WS_2: `127.0.0.1:${upstreamPorts[1]}`,
    },
    prefix,
  );
  const nginx = which('nginx') ?? '/usr/sbin/nginx';
  const proc = Bun.spawn(
    [nginx, '-e', 'stderr', '-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdout: 'ignore',
      stderr: 'inherit',
    },
  );
  for (let i = 0; i < 50; i++) {
    try {
      await fetch(`https://127.0.0.1:${httpsPort}/health/live`, {
        tls: { rejectUnauthorized: false },
      });
      break;
    } catch {
      await Bun.sleep(100);
    }
  }
  return async () => {
    proc.kill('SIGQUIT');
    await proc.exited;
  };
}

/**
 * Baseline processes run the way ./stack runs its own: each in its own session (setsid). With the
 * kernel's autogroup scheduling a session is a scheduling group, so baseline and stack then
 * share the two cores alike.
 */
function spawnLikeTheStack(cmd: string[]) {
  const [command, ...args] = cmd;
  const child = spawn(command as string, args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? 0,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => child.kill(signal),
    exited,
  };
}

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** Runs wrk and reports the CPU the given upstream processes spent per request meanwhile. */
export async function wrkWithCpu(url: string, pids: readonly number[], options: WrkOptions = {}) {
  const before = pids.map(cpuMs);
  const result = await wrk(url, options);
  const used = pids.reduce((sum, pid, i) => sum + cpuMs(pid) - (before[i] ?? 0), 0);
  const requests = result.rps * (options.seconds ?? 10);
  return { ...result, upstreamCpuUsPerRequest: (used * 1000) / requests };
}

export function report(
  name: string,
  rows: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  console.table(rows);
  for (const [k, v] of Object.entries(extra)) console.log(`${k}: ${v}`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify({ name, at: new Date().toISOString(), rows, ...extra }, null, 2),
  );
  console.log(`saved ${file}`);
}

export const fmt = (n: number, digits = 1) => Number(n.toFixed(digits));

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Two bare Bun.serve processes, the same shape as the two api instances they stand in for. */
export async function rawServers(
  ports: readonly [number, number],
  script = 'bench/raw-server.ts',
): Promise<{ pids: number[]; stop: () => Promise<void> }> {
  const procs = ports.map((port) =>
    spawnLikeTheStack([process.execPath, join(ROOT, script), String(port)]),
  );
  for (const port of ports) {
    for (let i = 0; i < 50; i++) {
      if ((await fetch(`http://127.0.0.1:${port}/`).catch(() => null))?.ok) break;
      await Bun.sleep(100);
    }
  }
  return {
    pids: procs.map((p) => p.pid),
    stop: async () => {
      for (const p of procs) p.kill();
      await Promise.all(procs.map((p) => p.exited));
    },
  };
}

/** Pids of stack processes (e.g. api-1, api-2), from the supervisor. */
export async function stackPids(names: readonly string[]): Promise<number[]> {
  const status = await supervisorStatus();
  if (!status) throw new Error('the stack is not running: ./stack up -d');
  return names.map((name) => status.find((p) => p.name === name)?.pid ?? 0);
}
