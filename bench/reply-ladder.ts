import { dropReplies, luaScript, seed, sessions, sql } from './api-data';
import {
  behindEdge,
  type CpuRun,
  fmt,
  median,
  rawServers,
  report,
  spread,
  stackPids,
  upstreamPair,
  warmUp,
  wrkWithCpu,
} from './lib';

// What each of the product's statements costs a reply, above the bare insert: the reply's floors
// of bench/api.ts (bare Bun.serve ×2 behind their own nginx, the same wrk script and 64
// connections), the command's floor stopped at successive steps (bench/raw-command-server.ts):
//
//   bun bench/reply-ladder.ts     # BENCH_ROUNDS=6 BENCH_SECONDS=5 BENCH_CONNECTIONS=64
//                                 # BENCH_WARMUP_SECONDS=30 (each step's, at most)
//
//   insert    the write floor: INSERT the message, INSERT its outbox event (raw-write-server.ts)
//   message   the help desk's message statement (the ticket found under the organization, the
//             author joined) and its outbox event, in a transaction
//   noop      + a statement that does nothing (`select 1`) before it: one statement's own cost
//   lock      the message + the service levels' settings lock (shared) before it instead
//   reply     reply(): the message's statement taking the lock and reading the policies itself
// Each target once per round, the order turning; each step's rate ÷ the insert's in the same
// round, medians and spreads over the rounds; with PostgreSQL's and the upstreams' CPU per reply.
// Needs ./stack up -d (seeds like bench/api.ts).
const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const warmUpSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);

await seed();
const startedAt = new Date();
const entries = await sessions();
const stops: (() => Promise<void>)[] = [];
/** A floor's two servers (`script` with `args`) behind their own nginx, edge `n`. */
const floor = async (n: number, script: string, args: string[] = []) =>
  behindEdge(n, await rawServers(upstreamPair(n), script, args), stops);

const steps = ['insert', 'message', 'noop', 'lock', 'reply'] as const;
type Step = (typeof steps)[number];
try {
  const targets = {
    insert: await floor(3, 'bench/raw-write-server.ts'),
    message: await floor(10, 'bench/raw-command-server.ts', ['message']),
    noop: await floor(12, 'bench/raw-command-server.ts', ['noop']),
    lock: await floor(11, 'bench/raw-command-server.ts', ['lock']),
    reply: await floor(7, 'bench/raw-command-server.ts', ['reply']),
  } satisfies Record<Step, unknown>;
  // As bench/api.ts: the stack's workers and ws instances relay and announce the replies' events.
  const [postgresPid = 0, valkeyPid = 0, ...background] = await stackPids([
    'postgres',
    'valkey',
    'worker-1',
    'worker-2',
    'ws-1',
    'ws-2',
  ]);
  const script = luaScript('reply-ladder', entries, 'message');
  const run = (step: Step, secs = seconds): Promise<CpuRun> =>
    wrkWithCpu(
      targets[step].url,
      targets[step].pids,
      { seconds: secs, connections, script },
      { postgres: [postgresPid], valkey: [valkeyPid], edge: [targets[step].edge], background },
    );
  console.error(`==> warm-up: each step until its rate stops rising (at most ${warmUpSeconds} s)`);
  for (const step of steps) {
    const rates = await warmUp((secs) => run(step, secs), { maxSeconds: warmUpSeconds });
    console.error(`  ${step}: ${rates.map((r) => fmt(r, 0)).join(' → ')} req/s`);
  }
  const runs = Object.fromEntries(steps.map((s) => [s, [] as CpuRun[]])) as Record<Step, CpuRun[]>;
  for (let round = 0; round < rounds; round++) {
    for (const step of steps.map((_, i) => steps[(i + round) % steps.length] as Step)) {
      const r = await run(step);
      if (r.errors) throw new Error(`${step}: ${r.errors} errors`);
      runs[step].push(r);
      console.error(`  round ${round + 1}/${rounds} ${step}: ${fmt(r.rps, 0)} req/s`);
    }
  }
  const perRound = (step: Step) => runs[step].map((r, i) => r.rps / (runs.insert[i]?.rps ?? 1));
  const cpu = (step: Step, part: string) =>
    median(runs[step].map((r) => r.pathCpuUsPerRequest[part] ?? Number.NaN));
  report(
    'reply-ladder',
    steps.map((step) => ({
      step,
      rps: fmt(median(runs[step].map((r) => r.rps)), 0),
      vsInsert: fmt(median(perRound(step)), 2),
      vsInsertSpread: spread(perRound(step), 2),
      upstreamCpuUs: fmt(median(runs[step].map((r) => r.upstreamCpuUsPerRequest)), 0),
      postgresCpuUs: fmt(cpu(step, 'postgres'), 0),
      p99Ms: fmt(median(runs[step].map((r) => r.p99Ms)), 1),
    })),
    Object.fromEntries(
      steps.map((step) => [
        `${step}VsInsert`,
        `${fmt(median(perRound(step)), 2)} (${spread(perRound(step), 2)})`,
      ]),
    ),
  );
} finally {
  for (const stop of stops.reverse()) await stop();
  await dropReplies(startedAt);
  await sql.end();
}
