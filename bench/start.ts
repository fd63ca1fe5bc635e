import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  benchPorts,
  cpuMs,
  fmt,
  logPath,
  median,
  ROOT,
  report,
  spawnLikeTheStack,
  spread,
} from './lib';

// Start to ready: how long each service takes from its process being spawned (the way ./stack
// spawns it: its own session, the same environment) to its first 200 on /health/ready.
//
//   bun bench/start.ts     # BENCH_ROUNDS=5 BENCH_SERVICES=api,ws,worker BENCH_FROM=sources
//
// BENCH_FROM=bundle starts the bundles of `bun tools/build-services.ts` (dist/, what the image
// runs), `both` alternates the two in each round (rows `api` and `api.bundle`).
//
// Rounds alternate the services so drift hits each alike. Besides `startToReadyMs` per service
// (median and spread) it prints where the time went, from the service's own log: `loadMs` (spawn
// to the first log line: module loading and the composition root) and each lifecycle step's `ms`
// (the lifecycle logs each step it started). Then, ready and sent nothing, `idleCpuMsPerSecond`:
// the CPU the service spends doing nothing (timers, the runtime's own threads) over
// BENCH_IDLE_SECONDS (10) after 2 s of rest; /proc counts CPU in 10 ms ticks, so it is read to
// ~1 ms/s. Needs the stack: ./stack up -d (PostgreSQL, Valkey and SMTP; the stack's own
// instances keep running, these are extra ones on bench ports).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SERVICES = (process.env.BENCH_SERVICES ?? 'api,ws,worker').split(',') as (
  | 'api'
  | 'ws'
  | 'worker'
)[];
const POLL_MS = 5;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const FROM = process.env.BENCH_FROM ?? 'sources';
const TARGETS = SERVICES.flatMap((service) => [
  ...(FROM !== 'bundle' ? [{ service, bundle: false, name: service }] : []),
  ...(FROM !== 'sources' ? [{ service, bundle: true, name: `${service}.bundle` }] : []),
]);

interface StartRun {
  readonly readyMs: number;
  /** CPU (user + system) the process spent until ready: what load on the machine disturbs least. */
  readonly cpuMs: number;
  readonly loadMs: number;
  readonly steps: Record<string, number>;
  /** CPU per second of the process, ready and idle. */
  readonly idleCpuMsPerSecond: number;
}

async function ready(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const res = await fetch(url).catch(() => null);
    if (res?.status === 200) return;
    await Bun.sleep(POLL_MS);
  }
  throw new Error(`${url} not ready in time`);
}

async function startOnce(
  { service, bundle, name }: (typeof TARGETS)[number],
  port: number,
  round: number,
): Promise<StartRun> {
  const log = logPath(`start-${name}-${round + 1}`);
  rmSync(log, { force: true });
  const spawnedAt = Date.now();
  const proc = spawnLikeTheStack(
    [
      process.execPath,
      join(ROOT, bundle ? `dist/${service}/main.js` : `services/${service}/src/main.ts`),
    ],
    {
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      LOG_FORMAT: 'json',
      INSTANCE_ID: `bench-start-${service}-${round + 1}`,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    log,
  );
  try {
    await ready(`http://127.0.0.1:${port}/health/ready`, spawnedAt + 60_000);
  } catch (err) {
    proc.kill('SIGKILL');
    throw err;
  }
  const readyMs = Date.now() - spawnedAt;
  const cpu = cpuMs(proc.pid);
  await Bun.sleep(2000);
  const idleFrom = cpuMs(proc.pid);
  await Bun.sleep(IDLE_SECONDS * 1000);
  const idleCpuMsPerSecond = (cpuMs(proc.pid) - idleFrom) / IDLE_SECONDS;
  proc.kill('SIGTERM');
  await proc.exited; // the logger flushes on shutdown
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return JSON.parse(l) as { time?: string; step?: string; ms?: number; msg?: string };
      } catch {
        return {};
      }
    });
  const first = lines.find((l) => l.time);
  const steps: Record<string, number> = {};
  for (const l of lines) if (l.msg === 'started' && l.step) steps[l.step] = l.ms ?? 0;
  return {
    readyMs,
    cpuMs: cpu,
    loadMs: first?.time ? Date.parse(first.time) - spawnedAt : Number.NaN,
    steps,
    idleCpuMsPerSecond,
  };
}

const runs = Object.fromEntries(TARGETS.map((t) => [t.name, [] as StartRun[]])) as Record<
  string,
  StartRun[]
>;
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, target] of TARGETS.entries()) {
    const r = await startOnce(target, benchPorts.upstream(30 + i), round);
    runs[target.name]?.push(r);
    console.error(
      `  round ${round + 1}/${ROUNDS} ${target.name}: ready in ${r.readyMs} ms, ${r.cpuMs} ms CPU (load ${r.loadMs} ms), idle ${fmt(r.idleCpuMsPerSecond)} ms/s`,
    );
  }
}

const rows = TARGETS.map(({ name: service }) => {
  const rs = runs[service] ?? [];
  const stepNames = [...new Set(rs.flatMap((r) => Object.keys(r.steps)))];
  const slowSteps = stepNames
    .map((name) => [name, median(rs.map((r) => r.steps[name] ?? 0))] as const)
    .filter(([, ms]) => ms >= 5)
    .map(([name, ms]) => `${name} ${fmt(ms, 0)}`)
    .join(', ');
  return {
    service,
    startToReadyMs: fmt(median(rs.map((r) => r.readyMs)), 0),
    spread: spread(rs.map((r) => r.readyMs)),
    startCpuMs: fmt(median(rs.map((r) => r.cpuMs)), 0),
    cpuSpread: spread(rs.map((r) => r.cpuMs)),
    loadMs: fmt(median(rs.map((r) => r.loadMs)), 0),
    loadSpread: spread(rs.map((r) => r.loadMs)),
    idleCpuMsPerSecond: fmt(median(rs.map((r) => r.idleCpuMsPerSecond))),
    idleSpread: spread(
      rs.map((r) => r.idleCpuMsPerSecond),
      1,
    ),
    stepsOver5Ms: slowSteps,
  };
});
report('start', rows, {
  rounds: ROUNDS,
  ...Object.fromEntries(
    rows.flatMap((r) => [
      [`startToReadyMs.${r.service}`, r.startToReadyMs],
      [`startToReadyMsSpread.${r.service}`, r.spread],
      [`startCpuMs.${r.service}`, r.startCpuMs],
      [`startCpuMsSpread.${r.service}`, r.cpuSpread],
      [`idleCpuMsPerSecond.${r.service}`, r.idleCpuMsPerSecond],
      [`idleCpuMsPerSecondSpread.${r.service}`, r.idleSpread],
    ]),
  ),
  // The slowest of the three (each must be ready within a second).
  startToReadyMs: Math.max(...rows.map((r) => r.startToReadyMs)),
  startToReadyMsGoal: '<= 1000 (each service)',
});
