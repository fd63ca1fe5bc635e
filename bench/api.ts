import { cpus } from 'node:os';
import { authConfig, loadConfig } from '@insightdesk/shared/config';
import {
  api,
  base,
  dropReplies,
  luaScript,
  ORGS,
  ownerEmail,
  PASSWORD,
  seed,
  sessions,
  sql,
} from './api-data';
import {
  alternate,
  behindEdge,
  type CpuRun,
  checkpoint,
  fmt,
  median,
  pathCpuUs,
  ROOT,
  rawServers,
  report,
  type Started,
  stackPids,
  summarize,
  upstreamPair,
  warmUp,
  wrkWithCpu,
} from './lib';
import { startPeer } from './peers';

// The API through nginx TLS on realistic data (100 organizations × 1,000 tickets), next to what
// a user would pick instead and to bare floors, every target behind nginx from the same
// template, rounds alternating between them:
//
//   bun bench/api.ts        # BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=64
//                           # BENCH_WARMUP_SECONDS=30 (each target's, at most)
//                           # BENCH_CPU_CYCLES=8 BENCH_CPU_SECONDS=2 (the CPU-per-read slices)
//
//   GET /tickets/{id}: ours (the stack's api ×2) vs Express ×2 and Fastify ×2 on Node
//     (bench/peers/), vs the I/O floor (bare Bun.serve ×2: 1 Valkey INCR + the same PG read),
//     and vs the read's contract floor (bare Bun.serve ×2: the api's parts and the product's
//     read in one handler, no framework: bench/raw-read-server.ts), and that handler as a Hono
//     route behind as many pass-through layers as ours has (Hono's own share)
//   POST …/messages: ours vs its floor (bare Bun.serve ×2: 1 Valkey INCR + a transaction
//     inserting the message and its outbox event), and vs the command floor (the same bare
//     server calling the help desk's reply() command: the product's own statements)
//   GET /tickets?limit=25, raw Bun.serve (the no-I/O ceiling), and login vs argon2id.
// Needs the stack: ./stack up -d. Seeds once (organizations named bench-org-N).
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const cpuCycles = Number(process.env.BENCH_CPU_CYCLES ?? 8);
const cpuSeconds = Number(process.env.BENCH_CPU_SECONDS ?? 2);
const config = loadConfig({ auth: authConfig }, { dir: ROOT });

/** Median time of one argon2id verification with the api's parameters, on this machine, now. */
async function hashVerifyMs(): Promise<number> {
  const params = { algorithm: 'argon2id', ...config.auth.password } as const;
  const hash = await Bun.password.hash(PASSWORD, params);
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    await Bun.password.verify(PASSWORD, hash);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** p50 of sequential login latencies (wrong password on known accounts vs unknown emails). */
async function loginLatency(kind: 'wrong' | 'unknown'): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    const who =
      kind === 'wrong' ? ownerEmail(i % ORGS) : `nobody-${crypto.randomUUID()}@bench.test`;
    const t0 = performance.now();
    const res = await api('/api/v1/auth/login', {
      body: { email: who, password: 'not the password!' },
    });
    times.push(performance.now() - t0);
    if (res.status !== 401) throw new Error(`expected 401, got ${res.status}`);
  }
  // Known accounts get their failure budget back.
  for (let i = 0; i < 40; i++)
    await api('/api/v1/auth/login', { body: { email: ownerEmail(i % ORGS), password: PASSWORD } });
  return median(times);
}

await seed();
const startedAt = new Date();
const entries = await sessions();
const started: (() => Promise<void>)[] = [];
/** Two upstream processes behind their own nginx (edge `n`): a baseline or a peer. */
const target = (n: number, servers: Started) => behindEdge(n, servers, started);

try {
  const targets = {
    ceiling: await target(1, await rawServers(upstreamPair(1))),
    ioFloor: await target(2, await rawServers(upstreamPair(2), 'bench/raw-io-server.ts')),
    ioFloorBun: await target(
      6,
      await rawServers(upstreamPair(6), 'bench/raw-io-server.ts', ['bun']),
    ),
    writeFloor: await target(3, await rawServers(upstreamPair(3), 'bench/raw-write-server.ts')),
    commandFloor: await target(7, await rawServers(upstreamPair(7), 'bench/raw-command-server.ts')),
    contractFloor: await target(8, await rawServers(upstreamPair(8), 'bench/raw-read-server.ts')),
    contractFloorHono: await target(
      9,
      await rawServers(upstreamPair(9), 'bench/raw-read-server.ts', ['hono']),
    ),
    express: await target(4, await startPeer('express-ticket.mjs', upstreamPair(4))),
    fastify: await target(5, await startPeer('fastify-ticket.mjs', upstreamPair(5))),
    ours: {
      url: base,
      pids: await stackPids(['api-1', 'api-2']),
      edge: (await stackPids(['nginx']))[0] ?? 0,
    },
  };
  // The rest of a request's path on this machine, shared by every target (each has its own
  // edge): PostgreSQL and Valkey, and the stack's workers and ws instances, which relay and
  // announce the replies' events (the floor's outbox rows too).
  const [postgresPid = 0, valkeyPid = 0, ...background] = await stackPids([
    'postgres',
    'valkey',
    'worker-1',
    'worker-2',
    'ws-1',
    'ws-2',
  ]);
  const scripts = {
    raw: luaScript('raw', entries, 'raw'),
    ticket: luaScript('ticket', entries, 'ticket'),
    list: luaScript('list', entries, 'list'),
    message: luaScript('message', entries, 'message'),
  };
  const plan = {
    ticket: { target: targets.ours, script: scripts.ticket },
    express: { target: targets.express, script: scripts.ticket },
    fastify: { target: targets.fastify, script: scripts.ticket },
    ioFloor: { target: targets.ioFloor, script: scripts.ticket },
    ioFloorBun: { target: targets.ioFloorBun, script: scripts.ticket },
    contractFloor: { target: targets.contractFloor, script: scripts.ticket },
    contractFloorHono: { target: targets.contractFloorHono, script: scripts.ticket },
    message: { target: targets.ours, script: scripts.message },
    writeFloor: { target: targets.writeFloor, script: scripts.message },
    commandFloor: { target: targets.commandFloor, script: scripts.message },
    list: { target: targets.ours, script: scripts.list },
    ceiling: { target: targets.ceiling, script: scripts.raw },
  } as const;
  type Key = keyof typeof plan;
  const keys = Object.keys(plan) as Key[];
  const run = (key: Key, secs = seconds, conns = connections): Promise<CpuRun> =>
    wrkWithCpu(
      plan[key].target.url,
      plan[key].target.pids,
      { seconds: secs, connections: conns, script: plan[key].script },
      {
        postgres: [postgresPid],
        valkey: [valkeyPid],
        edge: [plan[key].target.edge],
        background,
      },
    );
  const warmUpSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
  /** Warms each target up (until its rate stops rising), then runs them in alternating rounds. */
  const measure = async (phase: readonly Key[]) => {
    console.error(
      `==> warm-up: each target until its rate stops rising (at most ${warmUpSeconds} s)`,
    );
    for (const key of phase) {
      const rates = await warmUp((secs) => run(key, secs), { maxSeconds: warmUpSeconds });
      console.error(`  ${key}: ${rates.map((r) => fmt(r, 0)).join(' → ')} req/s`);
    }
    console.error(`==> ${rounds} rounds × ${phase.length} targets × ${seconds} s`);
    return alternate(phase, rounds, async (key) => {
      if (writeKeys.includes(key)) await checkpoint();
      return run(key);
    });
  };
  // The reads first, in rounds of their own, then the writes: a reply target's aftermath slowed
  // the Node peer's next reads 1.5–2× and ours little (bench/README, sixth stop), which
  // flattered ours when the writes' rounds came between the reads'.
  const writeKeys: readonly Key[] = ['message', 'writeFloor', 'commandFloor'];
  const readRuns = await measure(keys.filter((key) => !writeKeys.includes(key)));
  // CPU per read of ours, the peers and the floor in short slices, their order turning each
  // cycle: this VM's speed drifts over tens of seconds (the no-I/O ceiling varied 1.7× between
  // rounds on 2026-11-24), which targets of several seconds in a fixed order turn into
  // differences between them. A ratio is taken within a cycle, then its median over the cycles.
  const readKeys = [
    'ticket',
    'fastify',
    'express',
    'ioFloor',
    'contractFloor',
    'contractFloorHono',
  ] as const;
  console.error(
    `==> CPU per read: ${cpuCycles} cycles × ${readKeys.length} targets × ${cpuSeconds} s`,
  );
  const slices = Object.fromEntries(readKeys.map((k) => [k, [] as number[]])) as Record<
    (typeof readKeys)[number],
    number[]
  >;
  for (let cycle = 0; cycle < cpuCycles; cycle++) {
    const order = readKeys.map((_, i) => readKeys[(i + cycle) % readKeys.length] ?? 'ticket');
    for (const key of order) slices[key].push((await run(key, cpuSeconds)).upstreamCpuUsPerRequest);
  }
  const runs = { ...readRuns, ...(await measure(writeKeys)) } as Record<Key, CpuRun[]>;

  const labels: Record<Key, string> = {
    ticket: 'ours: GET /orgs/{org}/tickets/{id} (api x2, Bun)',
    express: 'Express x2 on Node: the same ticket read',
    fastify: 'Fastify x2 on Node: the same ticket read',
    ioFloor: 'I/O floor: bare Bun.serve x2, 1 Valkey INCR + 1 PG read',
    ioFloorBun: 'the same floor on Bun.sql and Bun.redis instead of postgres.js and iovalkey',
    contractFloor: "contract floor: bare Bun.serve x2, the read's contract in one handler",
    contractFloorHono: "the contract floor's handler as a Hono route behind the read's layers",
    message: 'ours: POST /orgs/{org}/tickets/{id}/messages',
    writeFloor: 'write floor: bare Bun.serve x2, INCR + BEGIN/2 INSERT/COMMIT',
    commandFloor: "command floor: bare Bun.serve x2, INCR + the help desk's reply() command",
    list: 'ours: GET /orgs/{org}/tickets?limit=25',
    ceiling: 'ceiling: raw Bun.serve x2, no I/O',
  };
  const rows = keys.map((key) => summarize(labels[key], runs[key]));
  const rps = (key: Key) => median(runs[key].map((r) => r.rps));
  /** The ratio of two targets in each round (they ran back to back), then its median and spread. */
  const ratio = (a: Key, b: Key | ((round: number) => number)) => {
    const per = runs[a].map(
      (r, i) => r.rps / (typeof b === 'function' ? b(i) : (runs[b][i]?.rps ?? Number.NaN)),
    );
    return {
      median: fmt(median(per), 2),
      spread: `${fmt(Math.min(...per), 2)}–${fmt(Math.max(...per), 2)}`,
    };
  };
  const fastestPeer = (i: number) => Math.max(runs.express[i]?.rps ?? 0, runs.fastify[i]?.rps ?? 0);
  const vsPeer = ratio('ticket', fastestPeer);
  const vsIo = ratio('ticket', 'ioFloor');
  const vsWrite = ratio('message', 'writeFloor');
  const vsCommand = ratio('message', 'commandFloor');
  const commandVsWrite = ratio('commandFloor', 'writeFloor');
  const bunDrivers = ratio('ioFloorBun', 'ioFloor');
  const floorCpu = (key: Key) => median(runs[key].map((r) => r.upstreamCpuUsPerRequest));
  /** A per-round ratio of two figures of each round (CPU per request, p99), median and spread. */
  const perRound = (values: readonly number[]) => ({
    median: fmt(median(values), 2),
    spread: `${fmt(Math.min(...values), 2)}–${fmt(Math.max(...values), 2)}`,
  });
  // CPU of the upstream processes per read, which load on a shared machine disturbs much less
  // than throughput: ours ÷ the fastest peer's (by CPU: the one spending the least), ÷ the floor's.
  const slice = (key: (typeof readKeys)[number], i: number) => slices[key][i] ?? Number.NaN;
  const cpuVsPeer = perRound(
    slices.ticket.map((us, i) => us / Math.min(slice('express', i), slice('fastify', i))),
  );
  const cpuVsIo = perRound(slices.ticket.map((us, i) => us / slice('ioFloor', i)));
  // The read's contract floor (bench/raw-read-server.ts): ours ÷ it is what the framework and the
  // api's layering cost; it ÷ the fastest peer, what any framework on these parts could reach.
  const cpuVsContract = perRound(slices.ticket.map((us, i) => us / slice('contractFloor', i)));
  const contractVsPeer = perRound(
    slices.contractFloor.map((us, i) => us / Math.min(slice('express', i), slice('fastify', i))),
  );
  const contractVsIo = perRound(slices.contractFloor.map((us, i) => us / slice('ioFloor', i)));
  // The same work as a Hono route behind as many layers as ours passes: Hono's own share.
  const honoVsContract = perRound(
    slices.contractFloorHono.map((us, i) => us / slice('contractFloor', i)),
  );
  const cpuVsHono = perRound(slices.ticket.map((us, i) => us / slice('contractFloorHono', i)));
  const sliceUs = (key: (typeof readKeys)[number]) => fmt(median(slices[key]), 0);
  const p99Vs = (key: Key, floor: Key) =>
    perRound(runs[key].map((r, i) => r.p99Ms / (runs[floor][i]?.p99Ms ?? Number.NaN)));
  const p99VsWrite = p99Vs('message', 'writeFloor');
  const p99VsCommand = p99Vs('message', 'commandFloor');
  const commandP99VsWrite = p99Vs('commandFloor', 'writeFloor');

  // Each target's CPU per request over its whole path — its upstream and edge, PostgreSQL,
  // Valkey, the stack's workers and ws instances, wrk — and ours ÷ another's within each round:
  // on two cores that everything shares, a rate follows its path's CPU, not its upstream's alone.
  const pathRatio = (a: Key, b: (round: number) => Key) =>
    perRound(runs[a].map((r, i) => pathCpuUs(r) / pathCpuUs(runs[b(i)][i] ?? r)));
  const pathParts = (key: Key) => {
    const names = Object.keys(runs[key][0]?.pathCpuUsPerRequest ?? {});
    const part = (name: string) => median(runs[key].map((r) => r.pathCpuUsPerRequest[name] ?? 0));
    const parts = names.map((name) => `${name} ${fmt(part(name), 0)}`).join(', ');
    return `${key} ${fmt(median(runs[key].map(pathCpuUs)), 0)} (${parts})`;
  };
  const fastestPeerKey = (i: number): Key =>
    (runs.express[i]?.rps ?? 0) >= (runs.fastify[i]?.rps ?? 0) ? 'express' : 'fastify';
  const readPathVsPeer = pathRatio('ticket', fastestPeerKey);
  const messagePathVsFloor = pathRatio('message', () => 'writeFloor');
  const messagePathVsCommand = pathRatio('message', () => 'commandFloor');
  const ioFloorVsPeer = ratio('ioFloor', fastestPeer);

  const hashMs = await hashVerifyMs();
  const cores = cpus().length;
  const loginCeiling = cores / (hashMs / 1000);
  const login = await wrkWithCpu(base, targets.ours.pids, {
    seconds,
    connections: 16,
    script: luaScript('login', entries, 'login'),
  });
  rows.push(summarize('ours: POST /auth/login (valid credentials)', [login]));
  const [wrong, unknown] = [await loginLatency('wrong'), await loginLatency('unknown')];

  report('api', rows, {
    ticketReadVsFastestPeer: vsPeer.median,
    ticketReadVsFastestPeerSpread: vsPeer.spread,
    ticketReadVsFastestPeerGoal: '>= 2',
    fastestPeer: rps('express') >= rps('fastify') ? 'express' : 'fastify',
    ticketReadVsExpress: ratio('ticket', 'express').median,
    ticketReadVsFastify: ratio('ticket', 'fastify').median,
    ticketReadVsIoFloor: vsIo.median,
    ticketReadVsIoFloorSpread: vsIo.spread,
    ticketReadVsIoFloorGoal: '>= 0.8 (2026-11-22; #29 states it as CPU: ticketReadCpuVsIoFloor)',
    ticketReadCpuVsFastestPeer: cpuVsPeer.median,
    ticketReadCpuVsFastestPeerSpread: cpuVsPeer.spread,
    ticketReadCpuVsFastestPeerGoal: '<= 0.35',
    ticketReadCpuVsIoFloor: cpuVsIo.median,
    ticketReadCpuVsIoFloorSpread: cpuVsIo.spread,
    ticketReadCpuVsIoFloorGoal: '<= 2.0',
    ticketReadCpuVsContractFloor: cpuVsContract.median,
    ticketReadCpuVsContractFloorSpread: cpuVsContract.spread,
    contractFloorCpuVsFastestPeer: contractVsPeer.median,
    contractFloorCpuVsFastestPeerSpread: contractVsPeer.spread,
    contractFloorCpuVsIoFloor: contractVsIo.median,
    contractFloorCpuVsIoFloorSpread: contractVsIo.spread,
    contractFloorHonoCpuVsContractFloor: honoVsContract.median,
    contractFloorHonoCpuVsContractFloorSpread: honoVsContract.spread,
    ticketReadCpuVsContractFloorHono: cpuVsHono.median,
    ticketReadCpuVsContractFloorHonoSpread: cpuVsHono.spread,
    ticketReadCpuUs: `ours ${sliceUs('ticket')}, fastify ${sliceUs('fastify')}, express ${sliceUs('express')}, floor ${sliceUs('ioFloor')}, contract floor ${sliceUs('contractFloor')}, in Hono ${sliceUs('contractFloorHono')} (median µs per read over the cycles)`,
    ticketReadPathCpuUs: readKeys.map(pathParts).join('; '),
    ticketReadPathCpuVsFastestPeer: readPathVsPeer.median,
    ticketReadPathCpuVsFastestPeerSpread: readPathVsPeer.spread,
    // What the floor's own code reaches against the fastest peer: the bound of the rate's goal.
    ioFloorVsFastestPeer: ioFloorVsPeer.median,
    ioFloorVsFastestPeerSpread: ioFloorVsPeer.spread,
    ticketReadRatio: ratio('ticket', 'ceiling').median,
    // What Bun's own drivers would gain (the floor's rate and its CPU per read, theirs ÷ ours).
    ioFloorBunDriversVsOurs: bunDrivers.median,
    ioFloorBunDriversVsOursSpread: bunDrivers.spread,
    ioFloorBunDriversCpuRatio: fmt(floorCpu('ioFloorBun') / floorCpu('ioFloor'), 2),
    messagePostVsFloor: vsWrite.median,
    messagePostVsFloorSpread: vsWrite.spread,
    // The same reply against a floor running the product's own command (its statements): what
    // the platform costs above the product's transaction; and that floor against the bare one.
    messagePostVsCommandFloor: vsCommand.median,
    messagePostVsCommandFloorSpread: vsCommand.spread,
    messagePostVsCommandFloorGoal: '>= 0.9',
    messagePostPathCpuVsCommandFloor: messagePathVsCommand.median,
    messagePostPathCpuVsCommandFloorSpread: messagePathVsCommand.spread,
    // The reply's two goals with a platform that cost nothing: the product's command on a bare
    // server against the bare insert. Ours cannot pass these (it runs the same command, and more).
    commandFloorVsWriteFloor: commandVsWrite.median,
    commandFloorVsWriteFloorSpread: commandVsWrite.spread,
    commandFloorP99VsWriteFloor: commandP99VsWrite.median,
    commandFloorP99VsWriteFloorSpread: commandP99VsWrite.spread,
    messagePostPathCpuUs: (['message', 'writeFloor', 'commandFloor'] as const)
      .map(pathParts)
      .join('; '),
    messagePostPathCpuVsFloor: messagePathVsFloor.median,
    messagePostPathCpuVsFloorSpread: messagePathVsFloor.spread,
    messagePostP99Ms: fmt(median(runs.message.map((r) => r.p99Ms)), 1),
    messagePostP99VsFloor: p99VsWrite.median,
    messagePostP99VsFloorSpread: p99VsWrite.spread,
    messagePostP99VsCommandFloor: p99VsCommand.median,
    messagePostP99VsCommandFloorSpread: p99VsCommand.spread,
    messagePostP99VsCommandFloorGoal: '<= 1.15 (64 connections)',
    argon2idVerifyMs: fmt(hashMs, 1),
    cores,
    loginCeilingPerSecond: fmt(loginCeiling, 1),
    loginPerSecond: fmt(login.rps, 1),
    loginRatio: fmt(login.rps / loginCeiling, 2),
    loginGoal: '>= 0.8',
    loginP50WrongPasswordMs: fmt(wrong, 1),
    loginP50UnknownEmailMs: fmt(unknown, 1),
    sameTimeRatio: fmt(unknown / wrong, 2),
    rounds,
    seconds,
    connections,
  });
} finally {
  for (const stop of started.reverse()) await stop().catch(() => undefined);
  await dropReplies(startedAt);
  await sql.end();
}
