import { spawn } from 'node:child_process';
import {
  closeSync,
  type Dirent,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { renderNginx } from '../tools/stack/bootstrap';
import { supervisorStatus } from '../tools/stack/control';
import { paths } from '../tools/stack/paths';
import { superuser } from '../tools/stack/pg-superuser';
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
  const [out, err] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
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
  if (!Number.isFinite(rps)) throw new Error(`wrk failed:\n${out}${err}`);
  return { rps, p50Ms: p50, p99Ms: p99, errors };
}

/**
 * Ports for what a bench starts, inside this stack's own block (STACK_PORT_BASE and HTTPS_PORT
 * are offset per stack), so that benches of two stacks on one machine never collide:
 * `upstream(i)` for servers, `edge(i)` for extra nginx instances (each takes two ports).
 */
export const benchPorts = {
  upstream: (i: number) => settings.stack.portBase + 40 + i,
  edge: (i: number) => settings.stack.httpsPort + 10 + 2 * i,
};

export interface EdgeUpstreams {
  /** The api upstream's servers (the template has two; more or fewer are written in). */
  readonly api: readonly number[];
  /** The two ws instances (defaults to the api ports). */
  readonly ws?: readonly [number, number];
}

/** Rewrites the rendered `upstream api { … }` for any number of servers. */
function apiUpstream(site: string, ports: readonly number[]): string {
  return site.replace(
    /(upstream api \{\n)((?:\s*server [^\n]+\n)+)/,
    (_all, head: string, body: string) => {
      const line = body.split('\n')[0] ?? '';
      const servers = ports.map((p) => line.replace(/server \S+/, `server 127.0.0.1:${p}`));
      return `${head}${servers.join('\n')}\n`;
    },
  );
}

/**
 * Another nginx rendered from the very same template, on other ports, in front of the given
 * upstreams: the stand-in edge for baselines and peers. `maxConnections` raises
 * worker_connections (and the workers' file limit, up to what the machine grants) for benches
 * that hold many sockets; everything else is the stack's nginx configuration.
 */
export async function baselineNginx(
  upstreams: readonly number[] | EdgeUpstreams,
  httpsPort: number,
  options: { name?: string; maxConnections?: number } = {},
): Promise<(() => Promise<void>) & { pid: number }> {
  const ports: EdgeUpstreams = Array.isArray(upstreams)
    ? { api: upstreams as readonly number[] }
    : (upstreams as EdgeUpstreams);
  const prefix = join(ROOT, '.data', `bench-nginx-${options.name ?? httpsPort}`);
  mkdirSync(prefix, { recursive: true });
  const [first = 0, second = first] = ports.api;
  const ws = ports.ws ?? [first, second];
  renderNginx(
    settings,
    {
      HTTPS_PORT: httpsPort,
      HTTP_PORT: httpsPort + 1,
      API_1: `127.0.0.1:${first}`,
      API_2: `127.0.0.1:${second}`,
      WS_1: `127.0.0.1:${ws[0]}`,
      WS_2: `127.0.0.1:${ws[1]}`,
    },
    prefix,
  );
  const siteFile = join(prefix, 'insightdesk.conf');
  writeFileSync(siteFile, apiUpstream(readFileSync(siteFile, 'utf8'), ports.api));
  if (options.maxConnections) {
    // reuseport: the kernel spreads connections over the workers evenly (each has its file limit).
    writeFileSync(
      siteFile,
      readFileSync(siteFile, 'utf8').replace(/listen (\d+) ssl;/, 'listen $1 ssl reuseport;'),
    );
    const mainFile = join(prefix, 'nginx.conf');
    const nofile = fileLimit();
    writeFileSync(
      mainFile,
      readFileSync(mainFile, 'utf8')
        .replace(/worker_connections \d+;/, `worker_connections ${options.maxConnections};`)
        .replace(/^(worker_processes [^\n]+\n)/m, `$1worker_rlimit_nofile ${nofile};\n`),
    );
  }
  const nginx = which('nginx') ?? '/usr/sbin/nginx';
  const proc = spawnLikeTheStack(
    [nginx, '-e', 'stderr', '-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
    {},
  );
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`https://127.0.0.1:${httpsPort}/`, {
      tls: { rejectUnauthorized: false },
    })
      .then(() => true)
      .catch(() => false);
    if (up) break;
    await Bun.sleep(100);
  }
  // The master's pid goes with the stop: a bench that counts nginx's CPU reads its workers'.
  return Object.assign(
    tracked(async () => {
      proc.kill('SIGQUIT');
      await proc.exited;
    }),
    { pid: proc.pid },
  );
}

/** The processes a process has started and not yet reaped (e.g. nginx's workers, by its master). */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The open-file limit this process may raise itself (and its children) to: the hard limit. */
export function fileLimit(): number {
  const r = Bun.spawnSync(['sh', '-c', 'ulimit -Hn']);
  const hard = r.stdout.toString().trim();
  return hard === 'unlimited' ? 1_048_576 : Number(hard) || 1024;
}

/** What a bench started and has not stopped yet: stopped on Ctrl-C or SIGTERM too. */
const running = new Set<() => Promise<void>>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    console.error(`\n${signal}: stopping what the bench started`);
    await Promise.allSettled([...running].map((stop) => stop()));
    process.exit(130);
  });
}

/** Registers `stop` until it has run once; returns the wrapped stop. */
export function tracked(stop: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  const once = () => {
    done ??= stop().finally(() => running.delete(once));
    return done;
  };
  running.add(once);
  return once;
}

export interface Spawned {
  readonly pid: number;
  kill(signal?: NodeJS.Signals): void;
  readonly exited: Promise<void>;
}

/**
 * Processes run the way ./stack runs its own: each in its own session (setsid). With the
 * kernel's autogroup scheduling a session is a scheduling group, so what a bench starts and the
 * stack share the two cores alike. Their open-file limit is raised to the hard limit (as far as
 * the machine grants); stdout goes to `log` (as the supervisor hands each process its log file).
 */
export function spawnLikeTheStack(
  cmd: readonly string[],
  env: Record<string, string | undefined>,
  log?: string,
): Spawned {
  const out = log ? openSync(log, 'a') : 'ignore';
  const script = `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"`;
  const child = spawn('sh', ['-c', script, 'sh', ...cmd], {
    stdio: ['ignore', out, 'inherit'],
    detached: true,
    env: { ...process.env, ...env },
    cwd: ROOT,
  });
  if (typeof out === 'number') closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? 0,
    kill: (signal: NodeJS.Signals = 'SIGTERM') => {
      child.kill(signal);
    },
    exited,
  };
}

/** Waits until `url` answers (any status), or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(url, { tls: { rejectUnauthorized: false } }).catch(() => null);
    if (res) return;
    await Bun.sleep(100);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** A group of processes a bench started; `stop` ends them (SIGTERM, then SIGKILL). */
export interface Started {
  readonly pids: number[];
  readonly ports: number[];
  stop(): Promise<void>;
}

export function logPath(name: string): string {
  const dir = join(ROOT, '.data', 'bench-logs');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.log`);
}

/** Starts `count` instances of `cmd(port, i)` on the given ports and waits until each answers. */
export async function startInstances(
  name: string,
  ports: readonly number[],
  cmd: (port: number, i: number) => { cmd: readonly string[]; env?: Record<string, string> },
  probe = '/health/live',
): Promise<Started> {
  const procs = ports.map((port, i) => {
    const c = cmd(port, i);
    return spawnLikeTheStack(c.cmd, c.env ?? {}, logPath(`${name}-${i + 1}`));
  });
  try {
    for (const port of ports) await waitForHttp(`http://127.0.0.1:${port}${probe}`, 60_000);
  } catch (err) {
    for (const p of procs) p.kill('SIGKILL');
    throw err;
  }
  return {
    pids: procs.map((p) => p.pid),
    ports: [...ports],
    stop: tracked(async () => {
      for (const p of procs) p.kill('SIGTERM');
      const done = Promise.all(procs.map((p) => p.exited));
      const timeout = Bun.sleep(15_000).then(() => 'timeout');
      if ((await Promise.race([done, timeout])) === 'timeout') {
        for (const p of procs) p.kill('SIGKILL');
        await done;
      }
    }),
  };
}

/** A process's `/proc/PID/stat` fields after its name (proc(5)'s fourth field on). */
export function statFields(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
}

/** CPU time a process has used so far, in ms: `system` is the kernel's part (its syscalls). */
export function cpuSplitMs(pid: number): { user: number; system: number } {
  const fields = statFields(pid);
  // utime and stime; USER_HZ is 100 on Linux
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** CPU time (user + system) a process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const { user, system } = cpuSplitMs(pid);
  return user + system;
}

/** CPU (ms) the given processes have used so far, together. */
export const cpuOf = (pids: readonly number[]) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

/** CPU (ms) the given processes have used so far, together, and the kernel's part of it. */
export function cpuSplitOf(pids: readonly number[]): { total: number; system: number } {
  let total = 0;
  let system = 0;
  for (const pid of pids) {
    const split = cpuSplitMs(pid);
    total += split.user + split.system;
    system += split.system;
  }
  return { total, system };
}

/** The machine's CPU time so far, busy and in all (jiffies, from /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const [, ...fields] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/);
  const ticks = fields.map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  // idle and iowait
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}

/**
 * Waits until the machine is quiet (under `busyFraction` of every core over one `sampleMs`), at
 * most `maxMs`: a target must not pay for the one before it (the mail jobs a message target
 * leaves to the workers, PostgreSQL's autovacuum after its inserts). Answers the last busy
 * fraction seen.
 */
export async function settle({ busyFraction = 0.15, sampleMs = 500, maxMs = 30_000 } = {}) {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const a = machineTicks();
    await Bun.sleep(sampleMs);
    const b = machineTicks();
    const busy = (b.busy - a.busy) / Math.max(1, b.total - a.total);
    if (busy < busyFraction || Date.now() > deadline) return busy;
  }
}

/**
 * CPU time (ms) of a process and all its descendants so far, those that exited and were reaped
 * included (a PostgreSQL backend that ends mid-run, an nginx worker): `/proc`'s `cutime` and
 * `cstime` hold the reaped ones, the live ones are read in turn. 0 for a process that is gone.
 */
export function treeCpuMs(pid: number): number {
  try {
    const own = cpuMs(pid) + reapedCpuMs(pid);
    return childrenOf(pid).reduce((sum, child) => sum + treeCpuMs(child), own);
  } catch {
    return 0;
  }
}

/** CPU time (ms) of a process's children that exited and were reaped (`cutime` + `cstime`). */
function reapedCpuMs(pid: number): number {
  const fields = statFields(pid);
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/** What else a request's path runs on this machine, by name: each part's processes (trees). */
export type PathParts = Readonly<Record<string, readonly number[]>>;

/**
 * Reads each part's CPU now (its process trees); the function it answers gives, by part, the ms
 * each has used since.
 */
export function cpuSince(parts: PathParts): () => Record<string, number> {
  const treesCpuMs = (trees: readonly number[]) => trees.reduce((s, pid) => s + treeCpuMs(pid), 0);
  const before = Object.fromEntries(
    Object.entries(parts).map(([name, p]) => [name, treesCpuMs(p)]),
  );
  return () =>
    Object.fromEntries(
      Object.entries(parts).map(([name, p]) => [name, treesCpuMs(p) - (before[name] ?? 0)]),
    );
}

/**
 * A CHECKPOINT of the stack's PostgreSQL, before a round of writes (then `settle`, which waits out
 * its I/O). PostgreSQL starts one every ~2–5 min under the benches' writes (1 GB of WAL), and
 * after it the first change of each page logs the whole page: a round in which one started wrote
 * more WAL per reply than the rounds beside it. A round started right after one is at the same
 * point of that cycle whatever target it measures, and runs too briefly to meet the next.
 */
export async function checkpoint(): Promise<void> {
  const admin = superuser(settings.stack.pgPort);
  try {
    await admin`checkpoint`;
  } finally {
    await admin.end();
  }
}

/**
 * Runs wrk on a quiet machine (`settle` first) and reports the CPU the given upstream processes
 * spent per request meanwhile, and each of `parts`' (whole process trees: PostgreSQL with its
 * backends, nginx with its workers), and wrk's own (`client`): on two shared cores a target's
 * rate follows the CPU of its whole path, not its upstream's alone.
 */
export async function wrkWithCpu(
  url: string,
  pids: readonly number[],
  options: WrkOptions = {},
  parts: PathParts = {},
) {
  await settle();
  const before = pids.map(cpuMs);
  const partsUsed = cpuSince(parts);
  // wrk's CPU lands in this process's reaped children's (cutime, cstime) once it exits.
  const clientBefore = reapedCpuMs(process.pid);
  const result = await wrk(url, options);
  const used = pids.reduce((sum, pid, i) => sum + cpuMs(pid) - (before[i] ?? 0), 0);
  const requests = result.rps * (options.seconds ?? 10);
  const perRequest = (ms: number) => (ms * 1000) / requests;
  const pathCpuUsPerRequest: Record<string, number> = {
    upstream: perRequest(used),
    ...Object.fromEntries(Object.entries(partsUsed()).map(([name, ms]) => [name, perRequest(ms)])),
  };
  pathCpuUsPerRequest.client = perRequest(reapedCpuMs(process.pid) - clientBefore);
  return { ...result, upstreamCpuUsPerRequest: perRequest(used), pathCpuUsPerRequest };
}

/**
 * Loads a target in steps of `stepSeconds` until its rate stops rising by more than `rise` over
 * its best for two steps in a row, at most `maxSeconds` in all; answers the rates seen. A JIT's
 * tiers take tens of seconds of load to settle on this loaded two-core VM (V8's above all: a
 * Node peer behind nginx rose from 346 to 1,945 req/s over six steps of 3 s on 2026-11-25), and
 * a target measured before that flatters whatever it is compared with.
 */
export async function warmUp(
  step: (seconds: number) => Promise<{ rps: number }>,
  { stepSeconds = 3, maxSeconds = 30, rise = 1.1 } = {},
): Promise<number[]> {
  const rates: number[] = [];
  // Two steps in a row without a rise over the best so far: one slow step (a noisy VM) is not
  // taken for a settled JIT.
  let best = 0;
  let flat = 0;
  for (let spent = 0; spent < maxSeconds && flat < 2; spent += stepSeconds) {
    const { rps } = await step(stepSeconds);
    rates.push(rps);
    flat = rps < best * rise ? flat + 1 : 0;
    best = Math.max(best, rps);
  }
  return rates;
}

/** A run's CPU per request over its whole path (the upstream, `parts` and wrk), in µs. */
export const pathCpuUs = (run: CpuRun) =>
  Object.values(run.pathCpuUsPerRequest).reduce((a, b) => a + b, 0);

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
  args: readonly string[] = [],
): Promise<Started> {
  return startInstances(
    [script.replace(/^.*\//, '').replace(/\.ts$/, ''), ...args].join('-'),
    ports,
    (port) => ({ cmd: [process.execPath, join(ROOT, script), String(port), ...args] }),
    '/',
  );
}

/** The two upstream ports of target `n` (a baseline or a peer: two processes). */
export const upstreamPair = (n: number) =>
  [benchPorts.upstream(2 * n), benchPorts.upstream(2 * n + 1)] as const;

/**
 * Two upstream processes behind their own nginx (edge `n`): a baseline or a peer. Both stops are
 * pushed onto `stops`, to be run in reverse when the bench ends.
 */
export async function behindEdge(
  n: number,
  servers: Started,
  stops: (() => Promise<void>)[],
): Promise<{ url: string; pids: number[]; edge: number }> {
  stops.push(servers.stop);
  const edge = await baselineNginx(servers.ports, benchPorts.edge(n), { name: `api-${n}` });
  stops.push(edge);
  return { url: `https://localhost:${benchPorts.edge(n)}`, pids: servers.pids, edge: edge.pid };
}

/** Pids of stack processes (e.g. api-1, api-2), from the supervisor. */
export async function stackPids(names: readonly string[]): Promise<number[]> {
  const status = await supervisorStatus();
  if (!status) throw new Error('the stack is not running: ./stack up -d');
  return names.map((name) => status.find((p) => p.name === name)?.pid ?? 0);
}

export type CpuRun = WrkResult & {
  upstreamCpuUsPerRequest: number;
  /** µs per request of the upstream, each part given and wrk (`client`); empty if not measured. */
  pathCpuUsPerRequest: Record<string, number>;
};

/** "min–max" of some runs' values (the spread a table reports besides the median). */
export function spread(values: readonly number[], digits = 0): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const f = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
  return lo === hi ? f(lo) : `${f(lo)}–${f(hi)}`;
}

/** Medians (and spreads) of a target's rounds, as one table row. */
export function summarize(target: string, runs: readonly CpuRun[]) {
  return {
    target,
    rps: fmt(median(runs.map((r) => r.rps)), 0),
    rpsSpread: spread(runs.map((r) => r.rps)),
    p50Ms: fmt(median(runs.map((r) => r.p50Ms)), 2),
    p99Ms: fmt(median(runs.map((r) => r.p99Ms)), 2),
    p99Spread: spread(
      runs.map((r) => r.p99Ms),
      1,
    ),
    cpuUsPerReq: fmt(median(runs.map((r) => r.upstreamCpuUsPerRequest))),
    errors: runs.reduce((a, r) => a + r.errors, 0),
  };
}

/**
 * Runs each target once per round, in the same order every round (ours, peer, ours, peer…), so
 * that drift on a shared machine hits every target alike; answers each target's runs.
 */
export async function alternate<K extends string>(
  keys: readonly K[],
  rounds: number,
  runOne: (key: K, round: number) => Promise<CpuRun>,
): Promise<Record<K, CpuRun[]>> {
  const runs = Object.fromEntries(keys.map((k) => [k, [] as CpuRun[]])) as Record<K, CpuRun[]>;
  for (let round = 0; round < rounds; round++) {
    for (const key of keys) {
      const r = await runOne(key, round);
      runs[key].push(r);
      console.error(
        `  round ${round + 1}/${rounds} ${key}: ${fmt(r.rps, 0)} req/s, p99 ${r.p99Ms} ms${r.errors ? `, ${r.errors} errors` : ''}`,
      );
    }
  }
  return runs;
}

/**
 * A process's memory reading from its probe (`url`: bench/memory-probe.ts, .mjs, or a peer's own
 * endpoint answering `?gc=0` without collecting), once it has settled after a full collection.
 * Collected twice (the second finds what the first one's finalizers freed), then read without
 * collecting every 250 ms until resident memory moves by less than 0.5 MB: the allocators hand
 * the pages a collection freed back to the system over the next few hundred ms. Measured at
 * 10,000 sockets, a reading taken at once was 5–17 MB over the settled one per instance, by an
 * amount that changed from round to round: it measured the collection's timing, not the
 * connections.
 */
export async function settledMemory<Reading extends { rss: number }>(
  url: string,
): Promise<Reading> {
  const read = async (collect: boolean) =>
    (await (
      await fetch(collect ? url : `${url}${url.includes('?') ? '&' : '?'}gc=0`)
    ).json()) as Reading;
  await read(true);
  let reading = await read(true);
  for (let i = 0; i < 20; i++) {
    await Bun.sleep(250);
    const next = await read(false);
    const settled = Math.abs(next.rss - reading.rss) < 512 * 1024;
    reading = next;
    if (settled) break;
  }
  return reading;
}

/** The least-squares slope of `y` over `x`: every reading of a ramp, not just its two ends. */
export function slopeOf(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return Number.NaN;
  const mean = (of: (p: { x: number; y: number }) => number) =>
    points.reduce((sum, p) => sum + of(p), 0) / points.length;
  const [mx, my] = [mean((p) => p.x), mean((p) => p.y)];
  const sxx = points.reduce((sum, p) => sum + (p.x - mx) ** 2, 0);
  if (sxx === 0) return Number.NaN;
  return points.reduce((sum, p) => sum + (p.x - mx) * (p.y - my), 0) / sxx;
}

/** A memory reading's JavaScript objects by type: their count and (from a snapshot) bytes. */
export interface HeapByType {
  readonly connections: number;
  readonly types: Record<string, number>;
  readonly sizes: Record<string, number>;
}

/**
 * Prints which JavaScript objects each connection added between two readings of one process (or
 * of a set of them), by type: how many, and their bytes when a heap snapshot was taken.
 */
export function printAddedPerConnection(label: string, first: HeapByType, last: HeapByType) {
  const connections = last.connections - first.connections;
  if (connections <= 0) return;
  const added = Object.entries(last.types)
    .map(([type, n]) => ({
      type,
      perConnection: fmt((n - (first.types[type] ?? 0)) / connections, 2),
      bytesPerConnection: Math.round(
        ((last.sizes[type] ?? 0) - (first.sizes[type] ?? 0)) / connections,
      ),
    }))
    .filter((row) => row.perConnection >= 0.5)
    .sort((a, b) => b.perConnection - a.perConnection);
  console.error(`  ${label}: JavaScript objects added per connection, by type`);
  console.table(added);
}

/**
 * Removes the mail the stack's SMTP catcher stored since `sinceMs` for recipients at `domain`: a
 * bench sends tens of thousands, and every later read of the mailbox (`./stack mail`, the tests'
 * mail helpers) would parse them all. Returns how many were removed.
 */
export function dropCaughtMail(sinceMs: number, domain: string): number {
  const dir = join(paths.mail, 'new');
  const head = Buffer.alloc(4096);
  const recipient = new RegExp(`^To:.*@${domain.replaceAll('.', '\\.')}>?\\s*(,|$)`, 'im');
  let dropped = 0;
  let entries: Dirent[] = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    // The catcher names a file by the time it stored it (Maildir: `<ms>.M<n>P<pid>.<host>`).
    if (!entry.isFile() || !(Number.parseInt(entry.name, 10) >= sinceMs)) continue;
    const file = join(dir, entry.name);
    try {
      const fd = openSync(file, 'r');
      let read = 0;
      try {
        read = readSync(fd, head, 0, head.length, 0);
      } finally {
        closeSync(fd);
      }
      if (!recipient.test(head.toString('latin1', 0, read))) continue;
      rmSync(file, { force: true });
      dropped++;
    } catch {
      // Gone meanwhile (another reader moved it to cur/): nothing to drop.
    }
  }
  return dropped;
}
