import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import { DrillFailure } from '../drill-commands';
import { inside, runInside } from './network';
import type { Host, Topology } from './topology';

/** A process the drill started inside a host, its output in `<logs>/<name>.log`. */
export interface HostProcess {
  readonly name: string;
  readonly host: Host;
  readonly proc: Subprocess;
}

/** Everything a check needs to know about the running topology. */
export interface Deployment {
  readonly topology: Topology;
  readonly processes: HostProcesses;
  readonly caFile: string;
  readonly baseUrl: string;
  readonly mailDir: string;
  readonly superuserPassword: string;
}

/**
 * The drill's processes: started inside their host's namespace (`ip netns exec` execs the program,
 * so the pid is the program's own), each ended by its pid.
 */
export class HostProcesses {
  readonly #all: HostProcess[] = [];

  constructor(readonly logs: string) {}

  start(
    name: string,
    host: Host,
    cmd: readonly string[],
    options: { env?: Record<string, string>; cwd?: string } = {},
  ): HostProcess {
    const log = Bun.file(join(this.logs, `${name}.log`));
    const proc = Bun.spawn(inside(host.netns, cmd), {
      stdin: 'ignore',
      stdout: log,
      stderr: log,
      ...(options.env ? { env: options.env } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    const entry = { name, host, proc };
    this.#all.push(entry);
    return entry;
  }

  /** Runs a one-shot command inside a host; fails the drill unless it exits 0 within `timeoutMs`. */
  async once(
    name: string,
    host: Host,
    cmd: readonly string[],
    options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
  ): Promise<void> {
    const { proc } = this.start(name, host, cmd, options);
    const timer = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const code = await proc.exited;
    clearTimeout(timer);
    if (code !== 0) throw new DrillFailure(`${name} exited ${code} (${this.tail(name)})`);
  }

  /** The last lines of a process's log, for a failure's message. */
  tail(name: string): string {
    const file = join(this.logs, `${name}.log`);
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    return text.trim().split('\n').slice(-8).join(' | ').slice(-1500);
  }

  /** SIGKILL of every process on `host` (a host lost at once). */
  killHost(host: Host): string[] {
    const killed: string[] = [];
    for (const p of this.#all) {
      if (p.host !== host || p.proc.exitCode !== null || p.proc.signalCode !== null) continue;
      p.proc.kill('SIGKILL');
      killed.push(p.name);
    }
    return killed;
  }

  /** Ends everything still running: SIGTERM, then SIGKILL after `graceMs`. */
  async stopAll(graceMs = 5000): Promise<void> {
    const running = this.#all.filter((p) => p.proc.exitCode === null && p.proc.signalCode === null);
    for (const p of running) p.proc.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const p of running) p.proc.kill('SIGKILL');
    }, graceMs);
    await Promise.all(running.map((p) => p.proc.exited));
    clearTimeout(timer);
  }

  /** The synchronous last resort (a signal ends the drill): SIGKILL to everything. */
  killAll(): void {
    for (const p of this.#all) {
      try {
        p.proc.kill('SIGKILL');
      } catch {}
    }
  }

  /** Waits until `check` passes, failing the drill with `name`'s log when `timeoutMs` is over. */
  async until(
    what: string,
    check: () => boolean | Promise<boolean>,
    options: { timeoutMs?: number; process?: HostProcess } = {},
  ): Promise<number> {
    const started = Date.now();
    for (;;) {
      if (await check()) return Date.now() - started;
      const p = options.process;
      if (p && (p.proc.exitCode !== null || p.proc.signalCode !== null))
        throw new DrillFailure(`${p.name} exited before ${what}: ${this.tail(p.name)}`);
      if (Date.now() - started > (options.timeoutMs ?? 60_000))
        throw new DrillFailure(
          `${what}: not after ${(options.timeoutMs ?? 60_000) / 1000} s${p ? ` (${this.tail(p.name)})` : ''}`,
        );
      await Bun.sleep(200);
    }
  }
}

/** GET `http://127.0.0.1:<port><path>` from inside a host (its private side: health, /metrics). */
export function localGet(host: Host, port: number, path: string): { ok: boolean; body: string } {
  const result = runInside(host, [
    'curl',
    '-sS',
    '--max-time',
    '5',
    '-f',
    `http://127.0.0.1:${port}${path}`,
  ]);
  return { ok: result.code === 0, body: result.stdout };
}
