import { mkdirSync, rmSync } from 'node:fs';
import type { Subprocess } from 'bun';
import { type DrillService, drillServiceReady, startDrillService } from '../drill-services';
import { logFile } from '../paths';
import { valkeyBinary } from '../system';

// What the restore drill runs beside its PostgreSQL: a Valkey of its own (AOF, as the stack's)
// and an api, a ws and a worker on both, on loopback ports free at the time. The stack's SMTP
// catcher takes their mail.

const DRILL = 'drill-restore';

/** A loopback TCP port nothing listens on now. */
export function freePort(): number {
  const listener = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } });
  const { port } = listener;
  listener.stop(true);
  return port;
}

export interface DrillValkey {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startValkey(dir: string): Promise<DrillValkey> {
  const port = freePort();
  mkdirSync(dir, { recursive: true });
  const proc: Subprocess = Bun.spawn(
    [
      valkeyBinary(),
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
      ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
      ...['--maxmemory-policy', 'noeviction', '--daemonize', 'no'],
    ],
    { stdout: Bun.file(logFile(`${DRILL}-valkey`)), stderr: 'inherit' },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answered = await Bun.connect({
      hostname: '127.0.0.1',
      port,
      socket: {
        data() {},
        open(s) {
          s.end();
        },
      },
    })
      .then(() => true)
      .catch(() => false);
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`the drill's Valkey did not listen on ${port}`);
    await Bun.sleep(100);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      proc.kill('SIGTERM');
      await proc.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** api-7, ws-7 and worker-7 on `env` (their database and Valkey), not started yet. */
export function drillServices(env: Record<string, string>, log: (line: string) => void) {
  const make = (service: 'api' | 'ws' | 'worker') =>
    ({ service, name: `${service}-7`, port: freePort() }) as const;
  const specs = [make('api'), make('ws'), make('worker')] as const;
  const running = new Map<string, DrillService>();
  const instance = (name: string) => {
    const found = running.get(name);
    if (!found) throw new Error(`${name} is not running`);
    return found;
  };
  const services = {
    get api() {
      return instance('api-7');
    },
    get ws() {
      return instance('ws-7');
    },
    get worker() {
      return instance('worker-7');
    },
    ports: { api: specs[0].port, ws: specs[1].port },
    async start() {
      for (const spec of specs)
        running.set(spec.name, startDrillService({ drill: DRILL, ...spec, env }));
      await Promise.all([...running.values()].map((s) => drillServiceReady(s, log, DRILL)));
    },
    async stop() {
      const all = [...running.values()];
      // SIGCONT first: a process held by SIGSTOP would not act on SIGTERM.
      for (const s of all) {
        s.proc.kill('SIGCONT');
        s.proc.kill('SIGTERM');
      }
      await Promise.all(all.map((s) => s.proc.exited));
      running.clear();
    },
  };
  return services;
}
