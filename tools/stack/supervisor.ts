import { type ChildProcess, spawn } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  rmSync,
  statSync,
  type WriteStream,
  writeFileSync,
} from 'node:fs';
import { diagnose, type Problem, sameProblem } from './diagnose';
import { killLeftovers } from './leftovers';
import { logFile, paths, pidFile, profileDir } from './paths';
import { probe } from './probes';
import type { ProcessDef } from './process-def';
import { forEachLine, renderLine } from './render';

export type ProcessState =
  | 'pending'
  | 'starting'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'backoff'
  | 'done'
  | 'failed';

export interface ProcessStatus {
  readonly name: string;
  readonly group: string;
  readonly state: ProcessState;
  readonly desired: 'up' | 'down';
  readonly ready: boolean;
  readonly pid: number | null;
  readonly port: number | null;
  readonly restarts: number;
  readonly uptimeSeconds: number | null;
  readonly lastExit: { code: number | null; signal: string | null; at: string } | null;
  /** Why its last start failed, from its log; `repeats`: that many failed starts in a row. */
  readonly problem: (Problem & { readonly repeats: number }) | null;
}

interface Entry {
  readonly def: ProcessDef;
  desired: 'up' | 'down';
  state: ProcessState;
  child?: ChildProcess;
  ready: boolean;
  probing: boolean;
  /** When its readiness was last probed (ms since the epoch). */
  probedAt: number;
  startedOnce: boolean;
  restarts: number;
  failuresInARow: number;
  startedAt?: number;
  lastExit: ProcessStatus['lastExit'];
  backoff?: Timer;
  exited?: Promise<void>;
  log: WriteStream;
  /** Where this start's output begins in the log file (detached mode). */
  logOffset: number;
  /** This start's output (foreground mode, where it reaches the file through `log`). */
  output: string;
  problem: ProcessStatus['problem'];
  /** Its next start runs under Bun's CPU profiler (`./stack start NAME --cpu-profile`). */
  cpuProfile: boolean;
}

export interface SupervisorOptions {
  readonly defs: readonly ProcessDef[];
  /** Foreground mode: also print every line, prefixed with the process name. */
  readonly echo: boolean;
}

export interface Supervisor {
  status(): ProcessStatus[];
  /** `cpuProfile`: the named processes' next start runs under the profiler (see spawnEntry). */
  up(names?: readonly string[], options?: { readonly cpuProfile?: boolean }): void;
  stop(names: readonly string[]): Promise<void>;
  down(): Promise<void>;
}

const COLORS = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];
const RESTART_MAX_DELAY_MS = 15_000;
/** How often a ready process is probed again (one not ready yet: every tick, 250 ms). */
const READY_PROBE_MS = 2_000;
/** A process that ran this long before exiting is restarted without backoff growth. */
const STABLE_AFTER_MS = 30_000;
/** Enough of a start's output to find why it failed. */
const OUTPUT_KEPT = 64 * 1024;

/** Runs the processes, restarts the ones that die, and stops them in reverse dependency order. */
export function createSupervisor(options: SupervisorOptions): Supervisor {
  mkdirSync(paths.logs, { recursive: true });
  mkdirSync(paths.run, { recursive: true });
  const entries = new Map<string, Entry>();
  options.defs.forEach((def) => {
    entries.set(def.name, {
      def,
      desired: 'down',
      state: 'stopped',
      ready: false,
      probing: false,
      probedAt: 0,
      startedOnce: false,
      restarts: 0,
      failuresInARow: 0,
      lastExit: null,
      log: createWriteStream(logFile(def.name), { flags: 'a' }),
      logOffset: 0,
      output: '',
      problem: null,
      cpuProfile: false,
    });
  });
  const width = Math.max(...options.defs.map((d) => d.name.length));

  function pipeLines(entry: Entry, stream: NodeJS.ReadableStream | null, color: number) {
    if (!stream) return;
    stream.on('data', (chunk: Buffer) => {
      entry.log.write(chunk);
      entry.output = (entry.output + chunk.toString()).slice(-OUTPUT_KEPT);
    });
    if (!options.echo) return;
    forEachLine(stream, (line) => {
      process.stdout.write(
        `\x1b[${color}m${entry.def.name.padEnd(width)} |\x1b[0m ${renderLine(line)}\n`,
      );
    });
  }

  function spawnEntry(entry: Entry) {
    const { def } = entry;
    entry.state = 'starting';
    entry.ready = false;
    entry.startedOnce = true;
    entry.startedAt = Date.now();
    const [command, ...rest] = def.cmd;
    if (!command) throw new Error(`${def.name}: empty command`);
    let args = rest;
    if (entry.cpuProfile && def.profilable) {
      mkdirSync(profileDir(def.name), { recursive: true });
      args = ['--cpu-prof', '--cpu-prof-dir', profileDir(def.name), ...rest];
    }
    // For this start only: a restart after a crash runs plain (a crash loop writes no profiles).
    entry.cpuProfile = false;
    entry.output = '';
    entry.logOffset = existsSync(logFile(def.name)) ? statSync(logFile(def.name)).size : 0;
    // Own process group: a terminal's Ctrl-C reaches the supervisor only, which then stops
    // each process with its own graceful signal, in order.
    // Detached, the process writes straight into its log file: no pipe, and no supervisor CPU
    // spent copying access logs under load. In the foreground its lines are echoed, prefixed.
    const fd = options.echo ? undefined : openSync(logFile(def.name), 'a');
    const child = spawn(command, args, {
      cwd: def.cwd,
      env: def.env,
      stdio: fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
      detached: true,
    });
    if (fd !== undefined) closeSync(fd);
    entry.child = child;
    const index = options.defs.indexOf(def);
    const color = COLORS[index % COLORS.length] ?? 0;
    pipeLines(entry, child.stdout, color);
    pipeLines(entry, child.stderr, color);
    if (child.pid) writeFileSync(pidFile(def.name), `${child.pid} ${def.cmd[0]}\n`);
    entry.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        rmSync(pidFile(def.name), { force: true });
        entry.child = undefined;
        entry.ready = def.oneshot === true && code === 0;
        entry.lastExit = { code, signal, at: new Date().toISOString() };
        const ranFor = Date.now() - (entry.startedAt ?? Date.now());
        entry.startedAt = undefined;
        resolve();
        if (def.oneshot && code === 0) {
          entry.state = 'done';
          entry.problem = null;
          entry.failuresInARow = 0;
          return;
        }
        if (entry.desired === 'down') {
          entry.state = 'stopped';
          return;
        }
        entry.failuresInARow = ranFor > STABLE_AFTER_MS ? 1 : entry.failuresInARow + 1;
        const delay = Math.min(500 * 2 ** (entry.failuresInARow - 1), RESTART_MAX_DELAY_MS);
        entry.state = 'backoff';
        entry.log.write(
          `[stack] ${def.name} exited (code ${code}, signal ${signal}); restarting in ${delay} ms\n`,
        );
        entry.backoff = setTimeout(() => {
          entry.backoff = undefined;
          if (entry.desired === 'up') {
            entry.restarts += 1;
            spawnEntry(entry);
          }
        }, delay);
      });
      child.on('error', (err) => {
        entry.log.write(`[stack] ${def.name} could not start: ${err.message}\n`);
      });
      // After exit and the end of its output: why did it stop?
      child.on('close', (code, signal) => {
        if (entry.state === 'backoff') void explainExit(entry, code, signal);
      });
    });
    if (!def.oneshot) entry.state = 'running';
  }

  /** This start's output: from the pipe in the foreground, from the log file when detached. */
  async function outputOfThisStart(entry: Entry): Promise<string> {
    if (options.echo) return entry.output;
    const file = Bun.file(logFile(entry.def.name));
    return file.slice(Math.max(entry.logOffset, file.size - OUTPUT_KEPT)).text();
  }

  async function explainExit(entry: Entry, code: number | null, signal: string | null) {
    const lines = (await outputOfThisStart(entry)).split('\n').filter(Boolean);
    const found = diagnose(entry.def, lines) ?? {
      reason: `exited (code ${code}, signal ${signal}) without saying why`,
      fix: `\`./stack logs ${entry.def.name}\` shows the whole log`,
    };
    const same = entry.problem !== null && sameProblem(entry.problem, found);
    entry.problem = { ...found, repeats: same ? (entry.problem?.repeats ?? 0) + 1 : 1 };
  }

  function dependenciesReady(entry: Entry): boolean {
    return entry.def.dependsOn.every((dep) => entries.get(dep)?.ready === true);
  }

  // One loop drives everything: start what may start, probe what runs — every tick until it is
  // ready, then every READY_PROBE_MS (a probe of every process four times a second kept a tenth
  // of a core busy on an idle stack: pg_isready spawned, a PostgreSQL backend forked, six
  // readiness checks each querying PostgreSQL).
  const tick = setInterval(() => {
    for (const entry of entries.values()) {
      if (entry.desired === 'up' && !entry.child && !entry.backoff) {
        const waiting = entry.state === 'pending' || entry.state === 'stopped';
        if (waiting && (entry.startedOnce || dependenciesReady(entry))) spawnEntry(entry);
      }
      const due = !entry.ready || Date.now() - entry.probedAt >= READY_PROBE_MS;
      if (entry.child && !entry.def.oneshot && !entry.probing && due) {
        entry.probing = true;
        entry.probedAt = Date.now();
        const probed = entry.child;
        void probe(entry.def.probe).then((ok) => {
          entry.probing = false;
          // A probe that outlived its process says nothing about the one started since.
          if (entry.child !== probed) return;
          entry.ready = ok;
          if (ok) entry.problem = null;
        });
      }
    }
  }, 250);

  async function stopEntry(entry: Entry): Promise<void> {
    entry.desired = 'down';
    if (entry.backoff) {
      clearTimeout(entry.backoff);
      entry.backoff = undefined;
    }
    const child = entry.child;
    if (!child?.pid) {
      if (entry.state !== 'done') entry.state = 'stopped';
      entry.ready = entry.state === 'done';
      return;
    }
    entry.state = 'stopping';
    entry.ready = false;
    child.kill(entry.def.stopSignal);
    const timedOut = await Promise.race([
      entry.exited?.then(() => false),
      Bun.sleep(entry.def.stopTimeoutMs).then(() => true),
    ]);
    if (timedOut) {
      entry.log.write(`[stack] ${entry.def.name} did not stop in time; killing\n`);
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
      await entry.exited;
    }
  }

  /** Dependency depth: dependents stop before what they depend on. */
  function depth(name: string, seen = new Set<string>()): number {
    const entry = entries.get(name);
    if (!entry || seen.has(name)) return 0;
    seen.add(name);
    return 1 + Math.max(0, ...entry.def.dependsOn.map((d) => depth(d, seen)));
  }

  async function stopInOrder(names: readonly string[]) {
    const byDepth = new Map<number, Entry[]>();
    for (const name of names) {
      const entry = entries.get(name);
      if (!entry) continue;
      const d = depth(name);
      byDepth.set(d, [...(byDepth.get(d) ?? []), entry]);
    }
    for (const d of [...byDepth.keys()].sort((a, b) => b - a)) {
      await Promise.all((byDepth.get(d) ?? []).map(stopEntry));
    }
  }

  killLeftovers(options.defs);

  return {
    status() {
      return [...entries.values()].map((e) => ({
        name: e.def.name,
        group: e.def.group,
        state: e.state,
        desired: e.desired,
        ready: e.ready,
        pid: e.child?.pid ?? null,
        port: e.def.port ?? null,
        restarts: e.restarts,
        uptimeSeconds: e.startedAt ? Math.round((Date.now() - e.startedAt) / 1000) : null,
        lastExit: e.lastExit,
        problem: e.problem,
      }));
    },
    up(names, upOptions = {}) {
      for (const entry of entries.values()) {
        if (names && !names.includes(entry.def.name)) continue;
        entry.cpuProfile = upOptions.cpuProfile === true;
        // A new attempt: what stopped the last one is no longer known to hold.
        if (entry.desired === 'down') entry.problem = null;
        entry.desired = 'up';
        if (entry.state === 'stopped' && !entry.startedOnce) entry.state = 'pending';
        if (entry.state === 'failed') entry.state = 'pending';
      }
    },
    stop: stopInOrder,
    async down() {
      await stopInOrder([...entries.keys()]);
      clearInterval(tick);
      await Promise.all(
        [...entries.values()].map(
          (e) => new Promise<void>((resolve) => e.log.end(() => resolve())),
        ),
      );
    },
  };
}
