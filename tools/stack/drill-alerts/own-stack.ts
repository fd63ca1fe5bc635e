import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLoginRole, roleOf } from '@insightdesk/shared/db';
import type { Subprocess } from 'bun';
import postgres from 'postgres';
import { initPgCluster } from '../bootstrap';
import { DrillFailure } from '../drill-commands';
import { logFile, paths } from '../paths';
import { probe } from '../probes';
import { postgresCommand } from '../processes';
import type { StackSettings } from '../settings';
import { resolvedDataDir, serviceDataDir, valkeyBinary } from '../system';

// The alert drill's own stack: a PostgreSQL cluster and a Valkey of its own, the SMTP catcher, an
// api and two workers from the sources — nothing of the running stack is used or touched, so the
// drill may stop the workers, take PostgreSQL away and flush Valkey. Its ports sit at
// STACK_PORT_BASE + 70.. (below the ephemeral range, apart from the stack's and its monitoring's).

export const DRILL = 'drill-alerts';

export interface OwnStackPorts {
  readonly monitoringBase: number;
  readonly postgres: number;
  readonly valkey: number;
  readonly smtp: number;
  readonly api: number;
  readonly workers: readonly [number, number];
}

export function ownStackPorts(settings: StackSettings): OwnStackPorts {
  const base = settings.stack.portBase + 70;
  return {
    monitoringBase: base,
    postgres: base + 10,
    valkey: base + 11,
    smtp: base + 12,
    api: base + 13,
    workers: [base + 14, base + 15],
  };
}

/** A process of the drill: its log in .data/logs/drill-alerts-<name>.log. */
export interface DrillProcess {
  readonly name: string;
  proc: Subprocess;
  start(): void;
  /** Its graceful signal, then waits for it to exit. */
  stop(): Promise<void>;
}

export function drillProcess(
  name: string,
  cmd: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string; stopSignal?: NodeJS.Signals } = {},
): DrillProcess {
  const log = logFile(`${DRILL}-${name}`);
  writeFileSync(log, '');
  const p: DrillProcess = {
    name,
    proc: undefined as unknown as Subprocess,
    start() {
      p.proc = Bun.spawn([...cmd], {
        cwd: options.cwd ?? paths.root,
        env,
        stdout: Bun.file(log),
        stderr: Bun.file(log),
      });
    },
    async stop() {
      if (p.proc.exitCode !== null || p.proc.signalCode !== null) return;
      p.proc.kill(options.stopSignal ?? 'SIGTERM');
      await p.proc.exited;
    },
  };
  p.start();
  return p;
}

export async function until<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value !== undefined && value !== false) return value as T;
    if (performance.now() > deadline)
      throw new DrillFailure(`${what}: not within ${timeoutMs / 1000} s`);
    await Bun.sleep(250);
  }
}

/** Ready: answers /health/ready on its port. */
export const serviceReady = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health/ready`)
    .then((r) => (r.ok ? true : undefined))
    .catch(() => undefined);

/** A postgres:// URL of the stack's configuration, pointed at the drill's server. */
const movedTo = (url: string, port: number) =>
  Object.assign(new URL(url), { hostname: '127.0.0.1', port: String(port) }).toString();

export interface OwnStack {
  readonly ports: OwnStackPorts;
  readonly postgres: DrillProcess;
  readonly api: DrillProcess;
  readonly workers: readonly [DrillProcess, DrillProcess];
  readonly valkeyUrl: string;
  readonly database: string;
  readonly superuserPassword: string;
  /** The environment the services run with (its queue store, its database). */
  readonly serviceEnv: Record<string, string>;
  stopAll(): Promise<void>;
}

const PG_DIR = `${DRILL}-pg`;

/** Starts the drill's stores and services, each ready before what needs it. */
export async function startOwnStack(settings: StackSettings): Promise<OwnStack> {
  const ports = ownStackPorts(settings);
  const dir = join(paths.data, DRILL);
  rmSync(dir, { recursive: true, force: true });
  rmSync(resolvedDataDir(PG_DIR), { recursive: true, force: true });
  mkdirSync(join(dir, 'valkey'), { recursive: true });
  const processes: DrillProcess[] = [];
  const stopAll = async () => {
    for (const p of [...processes].reverse()) await p.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
    rmSync(resolvedDataDir(PG_DIR), { recursive: true, force: true });
    rmSync(join(paths.data, PG_DIR), { recursive: true, force: true });
  };
  try {
    const superuserPassword = existsSync(paths.pgSuperuserPassword)
      ? readFileSync(paths.pgSuperuserPassword, 'utf8').trim()
      : crypto.randomUUID();
    const pgDir = serviceDataDir(PG_DIR);
    initPgCluster(pgDir, superuserPassword);
    const pg = drillProcess(
      'postgres',
      postgresCommand(pgDir, ports.postgres),
      { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      { cwd: pgDir, stopSignal: 'SIGINT' },
    );
    processes.push(pg);
    await until('the drill’s PostgreSQL ready', 60_000, () =>
      probe({ kind: 'pg', port: ports.postgres }).then((ok) => ok || undefined),
    );
    const valkey = drillProcess(
      'valkey',
      [
        valkeyBinary(),
        ...['--port', String(ports.valkey), '--bind', '127.0.0.1', '--dir', join(dir, 'valkey')],
        ...['--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
      ],
      {},
    );
    processes.push(valkey);
    const smtp = drillProcess(
      'smtp',
      [
        process.execPath,
        join(paths.root, 'tools/stack/smtp-catcher.ts'),
        String(ports.smtp),
        join(dir, 'mail'),
      ],
      { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    );
    processes.push(smtp);

    // The configuration's roles and database, made on the drill's server as db-setup makes them.
    const database = new URL(settings.db.url).pathname.slice(1);
    const admin = postgres({
      host: '127.0.0.1',
      port: ports.postgres,
      user: 'postgres',
      password: superuserPassword,
      database: 'postgres',
      max: 1,
      onnotice: () => {},
    });
    try {
      for (const url of new Set([settings.db.ownerUrl, settings.db.url]))
        await ensureLoginRole(admin, movedTo(url, ports.postgres));
      await admin.unsafe(`create database "${database}" owner "${roleOf(settings.db.ownerUrl)}"`);
    } finally {
      await admin.end();
    }

    const valkeyUrl = `redis://127.0.0.1:${ports.valkey}`;
    const serviceEnv: Record<string, string> = {
      ...(process.env as Record<string, string>),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: movedTo(settings.db.url, ports.postgres),
      DATABASE_OWNER_URL: movedTo(settings.db.ownerUrl, ports.postgres),
      VALKEY_URL: valkeyUrl,
      VALKEY_QUEUE_URL: valkeyUrl,
      VALKEY_CACHE_URL: valkeyUrl,
      SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    };
    const service = (kind: 'api' | 'worker', name: string, port: number, migrate: boolean) =>
      drillProcess(name, [process.execPath, `services/${kind}/src/main.ts`], {
        ...serviceEnv,
        INSTANCE_ID: name,
        PORT: String(port),
        DB_MIGRATE_ON_START: String(migrate),
      });
    const api = service('api', 'api-1', ports.api, true);
    processes.push(api);
    await until('the drill’s api ready (migrations applied)', 180_000, () =>
      serviceReady(ports.api),
    );
    const workers = [
      service('worker', 'worker-1', ports.workers[0], false),
      service('worker', 'worker-2', ports.workers[1], false),
    ] as const;
    processes.push(...workers);
    for (const [i, w] of workers.entries())
      await until(`the drill’s ${w.name} ready`, 120_000, () =>
        serviceReady(ports.workers[i] as number),
      );
    return {
      ports,
      postgres: pg,
      api,
      workers,
      valkeyUrl,
      database,
      superuserPassword,
      serviceEnv,
      stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
