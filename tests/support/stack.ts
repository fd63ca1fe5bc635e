import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@insightdesk/shared/config';
import { stackConfig } from '../../tools/stack/config';
import { scratchValkeyCommand } from '../../tools/stack/scratch-valkey';
import { ROOT } from './root';

export { ROOT };
export const DATA = join(ROOT, '.data');
const settings = loadConfig({ stack: stackConfig }, { dir: ROOT });

export const ports = settings.stack;
export const BASE_URL = process.env.STACK_BASE_URL ?? `https://localhost:${ports.httpsPort}`;
export const HTTP_URL = `http://localhost:${ports.httpPort}`;

const caPath = join(DATA, 'tls', 'ca.crt');
/** The local CA that signed nginx's certificate (created by ./stack). */
export const CA = existsSync(caPath) ? readFileSync(caPath, 'utf8') : undefined;

/**
 * node:http(s) options reaching `url` (on `localhost`) at the loopback address of one family,
 * still named `localhost` (Host header, TLS server name). A test that binds its socket to a local
 * address must connect to that address's family: `localhost` may resolve to the other one first
 * (::1 on a stock Debian), and a socket bound to 127.0.0.x cannot reach ::1.
 */
export function loopbackOptions(url: URL, family: 4 | 6) {
  return {
    host: family === 6 ? '::1' : '127.0.0.1',
    family,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    headers: { host: url.host },
    ...(url.protocol === 'https:' ? { servername: url.hostname, ...(CA ? { ca: CA } : {}) } : {}),
  };
}

export interface ProcessInfo {
  name: string;
  state: string;
  ready: boolean;
  pid: number | null;
  port: number | null;
  restarts: number;
}

export interface StackRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The lines `./stack` failed with (`stack: …`). */
  readonly failures: string[];
}

/** Runs `./stack <args>` of a checkout (this one by default) and returns what it said. */
export async function runStack(
  args: readonly string[],
  options: { root?: string; env?: Record<string, string> } = {},
): Promise<StackRun> {
  const root = options.root ?? ROOT;
  const proc = Bun.spawn([join(root, 'stack'), ...args], {
    cwd: root,
    stdout: 'pipe',
    stderr: 'pipe',
    ...(options.env ? { env: options.env } : {}),
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  const failures = stderr.split('\n').filter((line) => line.startsWith('stack: '));
  return { code, stdout, stderr, failures };
}

/** Runs `./stack <args>`; throws with its output when it fails. */
export async function stack(...args: string[]): Promise<string> {
  const run = await runStack(args);
  if (run.code !== 0)
    throw new Error(`./stack ${args.join(' ')} failed (${run.code}):\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

export async function stackStatus(): Promise<{ running: boolean; processes: ProcessInfo[] }> {
  return JSON.parse(await stack('status', '--json'));
}

export async function processInfo(name: string): Promise<ProcessInfo> {
  const info = (await stackStatus()).processes.find((p) => p.name === name);
  if (!info) throw new Error(`no process ${name}`);
  return info;
}

/** The names of the service instances the supervisor runs (api-1, ws-2, inbound-1…). */
export const SERVICE_INSTANCE = /^(api|worker|ws|inbound)-\d+$/;

export function servicePort(service: 'api' | 'ws' | 'worker', n: number): number {
  return ports.portBase + { api: 0, ws: 10, worker: 20 }[service] + n;
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last: ${String(last)}`);
    await Bun.sleep(intervalMs);
  }
}

/**
 * Starts Valkey (again) and waits until every api, ws and worker instance answers ready on its
 * own port: their connections come back on a backoff of up to 2 s, and until then a socket's
 * subscribe answers `unavailable`. A test that stopped Valkey leaves the stack whole this way.
 */
export async function restoreValkey(): Promise<void> {
  await stack('start', 'valkey');
  const services = (await stackStatus()).processes.filter(
    (p) => /^(api|ws|worker)-\d+$/.test(p.name) && p.port !== null,
  );
  await eventually(async () => {
    const answers = await Promise.all(
      services.map((p) => fetch(`http://127.0.0.1:${p.port}/health/ready`).then((r) => r.ok)),
    );
    return answers.every(Boolean);
  }, 30_000);
}

/** Resident memory of one of the stack's processes (they run on this machine), in bytes. */
export function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

/**
 * Samples the resident memory of `pids` every 20 ms until `stop()`, which answers each one's
 * baseline (when sampling began) and peak, in MiB.
 */
export function rssPeaks(pids: readonly number[]) {
  const mib = (pid: number) => rssBytes(pid) / 2 ** 20;
  const baseline = pids.map(mib);
  const peak = [...baseline];
  const sampler = setInterval(() => {
    pids.forEach((pid, i) => {
      peak[i] = Math.max(peak[i] ?? 0, mib(pid));
    });
  }, 20);
  return {
    stop() {
      clearInterval(sampler);
      const shown = (list: number[]) => list.map((m) => m.toFixed(0)).join(' / ');
      return {
        baseline,
        peak,
        growth: peak.map((p, i) => p - (baseline[i] ?? 0)),
        /** `baseline a / b MiB, peak c / d MiB`, for the test's log. */
        text: `baseline ${shown(baseline)} MiB, peak ${shown(peak)} MiB`,
      };
    },
  };
}

const logPath = (name: string) => join(DATA, 'logs', `${name}.log`);

/** How long a process's log is now: `logSince` reads what it writes after this. */
export function logLength(name: string): number {
  return existsSync(logPath(name)) ? statSync(logPath(name)).size : 0;
}

/** The log lines a process wrote after `offset` (see `logLength`). */
export function logSince(name: string, offset: number): string[] {
  return readFileSync(logPath(name)).subarray(offset).toString('utf8').split('\n').filter(Boolean);
}

/**
 * An extra instance of a service, started from this checkout on its own port (`servicePort`)
 * with `env` over the test's environment; resolves once it answers ready.
 */
export async function startInstance(
  service: 'api' | 'ws' | 'worker',
  n: number,
  env: Record<string, string>,
): Promise<{ port: number; stop(): Promise<void> }> {
  const port = servicePort(service, n);
  const proc = Bun.spawn([process.execPath, `services/${service}/src/main.ts`], {
    cwd: ROOT,
    env: {
      ...process.env,
      INSTANCE_ID: `${service}-${n}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DB_MIGRATE_ON_START: 'false',
      ...env,
    },
    stdout: 'ignore',
    stderr: 'inherit',
  });
  const stop = async () => {
    proc.kill('SIGTERM');
    await proc.exited;
  };
  try {
    await eventually(
      async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok,
      60_000,
      200,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, stop };
}

/** A TCP port nothing listens on right now. */
export function freePort(): number {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

/**
 * A throwaway valkey-server (or redis-server) on a free loopback port, beside the stack's own:
 * nothing persisted, its directory under .data/ removed by `stop`. `args` are more of its
 * options (a role's eviction policy, cluster mode…).
 */
export function startValkeyServer(
  name: string,
  args: readonly string[] = [],
): { url: string; port: number; dir: string; stop(): Promise<void> } {
  const port = freePort();
  const dir = join(DATA, `${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const server = Bun.spawn(scratchValkeyCommand(port, dir, args), {
    stdout: 'ignore',
    stderr: 'inherit',
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async stop() {
      server.kill('SIGTERM');
      await server.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
