import { writeFileSync } from 'node:fs';
import type { Subprocess } from 'bun';
import { DrillFailure } from './drill-commands';
import { logFile, paths } from './paths';

// The services a drill runs against stores of its own (a Valkey Cluster, a Patroni cluster): each
// a Bun process from the sources on a port of the drill's, logging to .data/logs/<drill>-<name>.

export interface DrillService {
  readonly name: string;
  readonly port: number;
  proc: Subprocess;
  /** Starts the process again (after it exited while starting). */
  respawn(): void;
}

export function startDrillService(options: {
  /** The drill's name: its log files are .data/logs/<drill>-<name>.log and .err.log. */
  readonly drill: string;
  readonly service: 'api' | 'ws' | 'worker';
  readonly name: string;
  readonly port: number;
  readonly env: Record<string, string>;
}): DrillService {
  const { drill, service, name, port } = options;
  const out = `${drill}-${name}`;
  const spawn = () =>
    Bun.spawn([process.execPath, `services/${service}/src/main.ts`], {
      cwd: paths.root,
      env: {
        ...process.env,
        INSTANCE_ID: name,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
        DB_MIGRATE_ON_START: 'false',
        ...options.env,
      },
      stdout: Bun.file(logFile(out)),
      stderr: Bun.file(logFile(`${out}.err`)),
    });
  for (const file of [out, `${out}.err`]) writeFileSync(logFile(file), '');
  const instance: DrillService = {
    name,
    port,
    proc: spawn(),
    respawn() {
      instance.proc = spawn();
    },
  };
  return instance;
}

/**
 * Waits until the instance answers ready. One that exits while starting is started again, twice
 * at most, as the stack's supervisor would (on a loaded machine a first connection to PostgreSQL
 * may time out).
 */
export async function drillServiceReady(
  instance: DrillService,
  log: (line: string) => void,
  drill: string,
): Promise<void> {
  const deadline = performance.now() + 240_000;
  let restarts = 0;
  for (;;) {
    if (instance.proc.exitCode !== null) {
      if (restarts++ >= 2)
        throw new DrillFailure(
          `${instance.name} exited (${instance.proc.exitCode}) three times while starting: see .data/logs/${drill}-${instance.name}.log`,
        );
      log(`${instance.name} exited (${instance.proc.exitCode}) while starting: started again`);
      instance.respawn();
    }
    const ok = await fetch(`http://127.0.0.1:${instance.port}/health/ready`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    if (performance.now() > deadline) throw new DrillFailure(`${instance.name} not ready in 240 s`);
    await Bun.sleep(200);
  }
}
