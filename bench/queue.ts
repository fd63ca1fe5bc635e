import { dbConfig, loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { emailQueue, maintenanceQueue, openQueue, QUEUE_PREFIX } from '@insightdesk/shared/queues';
import { createValkey } from '@insightdesk/shared/valkey';
import { type Job, Queue, QueueEvents } from 'bullmq';
import postgres from 'postgres';
import {
  benchPorts,
  cpuSince,
  dropCaughtMail,
  fmt,
  median,
  ROOT,
  report,
  spread,
  stackPids,
} from './lib';
import { startPeer } from './peers';

// The email pipeline next to a no-op job and next to a BullMQ worker on Node doing the same job,
// on the same Valkey, PostgreSQL and SMTP catcher, in the same run:
//
//   bun bench/queue.ts     # BENCH_ROUNDS=5 BENCH_JOBS=2000 BENCH_PACED=300 BENCH_PACE=100
//                          # BENCH_WARM_JOBS=24000 (each email consumer's, before any round)
//
// - ours: the stack's two workers (concurrency 20 each) run `maintenance/noop` and the real
//   `email/invitation` job (reads the invitation, renders text + HTML, claims its dedupe key,
//   sends over pooled SMTP into the catcher, marks it sent);
// - peer: two Node processes (bench/peers/bullmq-email-worker.mjs, concurrency 20 each) running
//   the same job with pg, ioredis and nodemailer, on a queue of their own prefix.
// Throughput: a paused queue filled with BENCH_JOBS jobs, released, timed until the last is done;
// rounds alternate (noop, ours, peer, …). Latency: jobs added one by one at BENCH_PACE/s,
// enqueue-to-done from BullMQ's own timestamps. Needs the stack: ./stack up -d
// Five rounds of 2,000: three of 1,000 put one run's ratio anywhere in 1.3–1.8 (2026-11-25).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * Jobs each email consumer runs before the rounds, unmeasured. Both runtimes' CPU per job keeps
 * falling for tens of thousands of jobs after a start (2026-11-28, chunks of 2,000 from a fresh
 * start: ours 495 → 340–360 µs by the 22,000th, the Node peer's 1,190 → 815–865 by the 26,000th):
 * a shorter warm-up measured the peer, started by each run, colder than our workers, which the
 * stack keeps warm from one run to the next, and ours colder after a restart than after a run.
 */
const WARM_JOBS = Number(process.env.BENCH_WARM_JOBS ?? 24_000);
const JOBS = Number(process.env.BENCH_JOBS ?? 2000);
const PACED = Number(process.env.BENCH_PACED ?? 300);
const PACE_PER_SECOND = Number(process.env.BENCH_PACE ?? 100);
const PEER_PREFIX = 'bench-peer';

const config = loadConfig({ db: dbConfig, valkey: valkeyConfig }, { dir: ROOT });
const logger = createLogger({ service: 'bench', instance: 'queue', level: 'warn', format: 'json' });
const connection = createValkey({
  url: config.valkey.url,
  name: 'bench',
  kind: 'blocking',
  logger,
});
const sql = postgres(config.db.url, { max: 2, onnotice: () => {} });
const keep = { removeOnComplete: { age: 3600 }, removeOnFail: { age: 3600 } };

/**
 * Invitations to send (rows only: the bench enqueues their email jobs itself), each to an address
 * the SMTP catcher answers and does not store (`smtp-discard`): the file system's cost of a stored
 * mail swung 20–700 µs of kernel CPU between runs, and was measured as the senders'
 * (bench/README.md, twenty-first stop).
 */
async function invitations(count: number): Promise<string[]> {
  const [org] = await sql`
    insert into organizations (id, name) values (gen_random_uuid(), 'bench-queue') returning id`;
  const rows = await sql`
    insert into invitations (id, org_id, email, role_name, token_hash, expires_at)
    select gen_random_uuid(), ${org?.id}, 'bench-' || g || '-smtp-discard-' || gen_random_uuid() || '@bench.test', 'agent',
           md5(random()::text) || g, now() + interval '1 day'
      from generate_series(1, ${count}) g
    returning id`;
  return rows.map((r) => String(r.id));
}

interface Target {
  readonly queue: Queue;
  readonly events: QueueEvents;
  /** The job for the i-th invitation of a round (or a no-op). */
  job(i: number, id: string | undefined): { name: string; data: object };
}

async function waitAll(target: Target, jobs: Job[]) {
  // Each waiting job listens for the queue closing: a thousand at once is this bench's intent.
  target.queue.setMaxListeners(jobs.length + 10);
  await Promise.all(jobs.map((job) => job.waitUntilFinished(target.events, 180_000)));
}

interface Shared {
  readonly calls: number;
  readonly usec: number;
}
interface Work {
  readonly valkeyCalls: number;
  readonly valkeyCpuUs: number;
}

/** Valkey's commands so far and the CPU they took (INFO commandstats). */
async function shared(): Promise<Shared> {
  const stats = await connection.info('commandstats');
  let calls = 0;
  let usec = 0;
  for (const m of stats.matchAll(/calls=(\d+),usec=(\d+)/g)) {
    calls += Number(m[1]);
    usec += Number(m[2]);
  }
  return { calls, usec };
}

const perJob = (a: Shared, b: Shared): Work => ({
  valkeyCalls: (b.calls - a.calls) / JOBS,
  valkeyCpuUs: (b.usec - a.usec) / JOBS,
});

/** Fill the paused queue, release it, time until the last job is done. */
async function throughput(target: Target, ids: string[], tag: string) {
  await target.queue.pause();
  const jobs = await target.queue.addBulk(
    Array.from({ length: JOBS }, (_, i) => ({
      ...target.job(i, ids[i]),
      opts: { ...keep, jobId: `bench-${tag}-${i}` },
    })),
  );
  const t0 = performance.now();
  await target.queue.resume();
  await waitAll(target, jobs);
  return jobs.length / ((performance.now() - t0) / 1000);
}

/** Jobs added one by one at a steady pace; enqueue-to-done from BullMQ's own timestamps. */
async function latency(target: Target, ids: string[], tag: string) {
  const jobs: Job[] = [];
  for (let i = 0; i < PACED; i++) {
    const { name, data } = target.job(i, ids[i]);
    jobs.push(await target.queue.add(name, data, { ...keep, jobId: `bench-${tag}-paced-${i}` }));
    await Bun.sleep(1000 / PACE_PER_SECOND);
  }
  await waitAll(target, jobs);
  const done = await Promise.all(jobs.map((j) => target.queue.getJob(j.id as string)));
  const ms = done.map((j) => (j?.finishedOn ?? 0) - (j?.timestamp ?? 0)).sort((a, b) => a - b);
  const at = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

const eventConnections: ReturnType<typeof connection.duplicate>[] = [];
function events(name: string, prefix: string) {
  const c = connection.duplicate();
  eventConnections.push(c);
  return new QueueEvents(name, { connection: c, prefix });
}

// BullMQ's own queues: the bench measures the pipeline, not our producer.
const targets = {
  noop: {
    queue: openQueue(maintenanceQueue, connection).queue,
    events: events(maintenanceQueue.name, QUEUE_PREFIX),
    job: () => ({ name: 'noop', data: { delayMs: 0 } }),
  },
  ours: {
    queue: openQueue(emailQueue, connection).queue,
    events: events(emailQueue.name, QUEUE_PREFIX),
    job: (_i: number, id: string | undefined) => ({
      name: 'invitation',
      data: { invitationId: id },
    }),
  },
  peer: {
    queue: new Queue('email', { connection, prefix: PEER_PREFIX }),
    events: events('email', PEER_PREFIX),
    job: (_i: number, id: string | undefined) => ({
      name: 'invitation',
      data: { invitationId: id },
    }),
  },
} satisfies Record<string, Target>;
type Key = keyof typeof targets;
const keys: Key[] = ['noop', 'ours', 'peer'];
const run = crypto.randomUUID().slice(0, 8);
const startedAt = Date.now();
const peer = await startPeer('bullmq-email-worker.mjs', [
  benchPorts.upstream(30),
  benchPorts.upstream(31),
]);

try {
  const warmChunks = Math.max(1, Math.ceil(WARM_JOBS / JOBS));
  const ids = await invitations((ROUNDS + warmChunks) * 2 * JOBS + 2 * PACED);
  let next = 0;
  const take = (n: number) => {
    next += n;
    return ids.slice(next - n, next);
  };
  const rates: Record<Key, number[]> = { noop: [], ours: [], peer: [] };
  // Where the CPU goes per job: the consumers (our two workers, or the peer's two processes),
  // and what both share — the SMTP catcher, PostgreSQL (its backends included), Valkey and this
  // process (enqueueing, and waiting on the queue's events): on two cores a job's rate follows
  // the CPU of its whole path, not its consumer's alone.
  const [smtp = 0, postgresPid = 0, valkeyPid = 0, ...workers] = await stackPids([
    'smtp',
    'postgres',
    'valkey',
    'worker-1',
    'worker-2',
  ]);
  const consumers: Record<Key, number[]> = { noop: workers, ours: workers, peer: peer.pids };
  // Warm-up: connections, pools, and each consumer's CPU per job settled (WARM_JOBS); its curve
  // printed, the consumer's µs per job in each chunk.
  for (const key of keys) {
    const curve: number[] = [];
    for (let chunk = 0; chunk < (key === 'noop' ? 1 : warmChunks); chunk++) {
      const used = cpuSince({ consumer: consumers[key] });
      await throughput(
        targets[key],
        key === 'noop' ? [] : take(JOBS),
        `${run}-warm-${key}-${chunk}`,
      );
      curve.push(((used().consumer ?? 0) * 1000) / JOBS);
    }
    console.error(`  warm-up ${key}: ${curve.map((us) => fmt(us, 0)).join(' ')} µs a job`);
  }
  const parts = ['consumer', 'smtp', 'postgres', 'valkey', 'bench'] as const;
  type Part = (typeof parts)[number];
  /** Each part's CPU (ms) from now until the function answered is called. */
  const readParts = (key: Key): (() => Record<Part, number>) => {
    const trees = cpuSince({
      consumer: consumers[key],
      smtp: [smtp],
      postgres: [postgresPid],
      valkey: [valkeyPid],
    });
    // This process: not its tree (the peer's processes are its children).
    const bench = process.cpuUsage();
    return () => {
      const used = process.cpuUsage(bench);
      return { ...trees(), bench: (used.user + used.system) / 1000 } as Record<Part, number>;
    };
  };
  const cpu = Object.fromEntries(
    keys.map((key) => [key, Object.fromEntries(parts.map((part) => [part, [] as number[]]))]),
  ) as Record<Key, Record<Part, number[]>>;
  /** Each round's CPU per job over the whole path (the parts summed), in µs. */
  const path: Record<Key, number[]> = { noop: [], ours: [], peer: [] };
  const work: Record<Key, Work[]> = { noop: [], ours: [], peer: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const key of keys) {
      const ids = key === 'noop' ? [] : take(JOBS);
      const partsUsed = readParts(key);
      const sharedBefore = await shared();
      const rate = await throughput(targets[key], ids, `${run}-${round}-${key}`);
      const used = partsUsed();
      let sum = 0;
      for (const part of parts) {
        const us = (used[part] * 1000) / JOBS;
        cpu[key][part].push(us);
        sum += us;
      }
      path[key].push(sum);
      work[key].push(perJob(sharedBefore, await shared()));
      rates[key].push(rate);
      console.error(`  round ${round + 1}/${ROUNDS} ${key}: ${fmt(rate, 0)} jobs/s`);
    }
  }
  const paced = {
    noop: await latency(targets.noop, [], `${run}-noop`),
    ours: await latency(targets.ours, take(PACED), `${run}-ours`),
    peer: await latency(targets.peer, take(PACED), `${run}-peer`),
  };
  const perRound = (a: Key, b: Key) => rates[a].map((r, i) => r / (rates[b][i] ?? Number.NaN));
  const row = (job: string, key: Key) => ({
    job,
    jobsPerSecond: fmt(median(rates[key]), 0),
    spread: spread(rates[key]),
    p50Ms: paced[key].p50,
    p99Ms: paced[key].p99,
    consumerCpuUsPerJob: fmt(median(cpu[key].consumer), 0),
    smtpCatcherCpuUsPerJob: fmt(median(cpu[key].smtp), 0),
    // What the job asks of the Valkey both targets share: commands (those its scripts run
    // included) and Valkey's own CPU, the bench's enqueueing and waiting included for both.
    valkeyCallsPerJob: fmt(median(work[key].map((w) => w.valkeyCalls)), 1),
    valkeyCpuUsPerJob: fmt(median(work[key].map((w) => w.valkeyCpuUs)), 0),
  });
  const pathOf = (key: Key) =>
    `${key} ${fmt(median(path[key]), 0)} (${parts.map((p) => `${p} ${fmt(median(cpu[key][p]), 0)}`).join(', ')})`;
  const pathVsPeer = path.ours.map((us, i) => us / (path.peer[i] ?? Number.NaN));
  report(
    'queue',
    [
      row('maintenance/noop (ours, Bun)', 'noop'),
      row('email/invitation → SMTP catcher (ours, Bun)', 'ours'),
      row('email/invitation → SMTP catcher (BullMQ worker on Node)', 'peer'),
    ],
    {
      // The consumer's CPU per email job (both workers), which load disturbs less than jobs/s.
      emailCpuPerJobUs: fmt(median(cpu.ours.consumer), 0),
      emailCpuPerJobUsSpread: spread(cpu.ours.consumer),
      emailCpuPerJobUsGoal: '<= 1000',
      vsNodePeer: fmt(median(perRound('ours', 'peer')), 2),
      vsNodePeerSpread: spread(perRound('ours', 'peer'), 2),
      vsNodePeerGoal: '>= 1.5',
      // The whole path's CPU per job, by part, and ours ÷ the peer's per round: the rate's ratio
      // follows it.
      emailPathCpuUs: [pathOf('ours'), pathOf('peer')].join('; '),
      emailPathCpuVsNodePeer: fmt(median(pathVsPeer), 2),
      emailPathCpuVsNodePeerSpread: spread(pathVsPeer, 2),
      // Email ÷ no-op (2026-11-21's goal; #29 replaced it with the CPU per job above).
      ratio: fmt(median(perRound('ours', 'noop')), 2),
      ratioSpread: spread(perRound('ours', 'noop'), 2),
      rounds: ROUNDS,
      warmJobs: WARM_JOBS,
      jobs: JOBS,
      paced: `${PACED} at ${PACE_PER_SECOND}/s`,
    },
  );
} finally {
  for (const t of Object.values(targets)) await t.queue.resume().catch(() => undefined);
  await peer.stop();
  await Promise.all(Object.values(targets).flatMap((t) => [t.events.close(), t.queue.close()]));
  // QueueEvents leaves a connection it was given open; the process would not exit.
  for (const client of [connection, ...eventConnections]) client.disconnect();
  await sql.end();
  // None, but where the catcher predates `smtp-discard` (a stack not restarted since).
  console.error(`  removed ${dropCaughtMail(startedAt, 'bench.test')} caught mails of this run`);
}
