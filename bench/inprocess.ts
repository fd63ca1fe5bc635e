import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import postgres from 'postgres';
import { slaConfig } from '../helpdesk/src/sla/config';
import { dropReplies, seed, sql as seedSql, sessions } from './api-data';
import { benchPorts, cpuSince, fmt, median, ROOT, stackPids, statFields } from './lib';
import { commandFloor } from './raw-command-server';
import { ioFloor, type Tag } from './raw-io-server';
import { contractFloor, contractFloorDeps } from './raw-read-server';
import { writeFloor } from './raw-write-server';

// A request's CPU in one process, without sockets in front: our api's own fetch handler
// (main.ts, composed as it runs, its Bun.serve's `fetch` taken as it starts) against its floor's,
// each called with in-process Requests, 32 in flight, for a few seconds in turn. What separates
// the two is our JavaScript per request, free of wrk, nginx and the kernel's sockets in front:
//
//   ticket   GET /tickets/{id}; the floor: the same PostgreSQL read on postgres.js, JSON out;
//            the contract floor (`contract`, bench/raw-read-server.ts): the api's own parts and
//            the product's read in one bare handler, no framework
//   message  POST …/messages; the floor: a transaction inserting the message and its outbox
//            event (as bench/raw-write-server.ts), JSON out; `command` (asked for by name): the
//            help desk's own reply() under the same bare handler (bench/raw-command-server.ts) —
//            the product's transaction alone, to weigh a change to it (run it with each
//            version of the sources in turn, alternating)
//
//   bun bench/inprocess.ts [ticket|message] [ours|floor|contract|command] > /dev/null  # BENCH_CYCLES=6 BENCH_SECONDS=2 BENCH_WARMUP_SECONDS=30
//   bun --cpu-prof --cpu-prof-interval=250 --cpu-prof-dir=.data/bench-profiles/inprocess \
//     bench/inprocess.ts ticket ours                 # a profile of ours alone; then
//   bun bench/profile-summary.ts .data/bench-profiles/inprocess/*.cpuprofile 40 12
//                                                   # its last 12 s: the cycles, not the set-up
//
// Needs ./stack up -d (the stack's PostgreSQL and Valkey; seeds like bench/api.ts).
const kind = (process.argv[2] ?? 'ticket') as 'ticket' | 'message';
const only = process.argv[3] as 'ours' | 'floor' | 'contract' | 'command' | undefined;
if (only === 'command' && kind !== 'message')
  throw new Error('command is a reply: message command');
if (only === 'contract' && kind !== 'ticket')
  throw new Error('contract is a read: ticket contract');
const cycles = Number(process.env.BENCH_CYCLES ?? 6);
const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 32);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);

await seed();
const entries = await sessions();
// PostgreSQL's CPU per request beside ours (the postmaster's tree, its backends included): what
// a request costs the database, which the two targets' statements do not share.
const [postgresPid = 0] = await stackPids(['postgres']);
const startedAt = new Date();

type Handler = (req: Request, server: unknown) => Response | Promise<Response>;
let captured: Handler | undefined;
const serve = Bun.serve;
Object.assign(Bun, {
  serve(options: Parameters<typeof Bun.serve>[0]) {
    captured ??= (options as { fetch: Handler }).fetch;
    return serve(options);
  },
});
Object.assign(process.env, {
  PORT: String(benchPorts.upstream(32)),
  HOST: '127.0.0.1',
  INSTANCE_ID: 'bench-inprocess',
  LOG_FORMAT: 'json',
  // The api's access lines are written as a service writes them (stdout, batched) and cost what
  // they cost there; the figures go to stderr: `… > /dev/null` shows them alone.
  LOG_LEVEL: 'info',
});
await import('../services/api/src/main');
const ours = captured;
if (!ours) throw new Error('the api did not start a server');

const config = loadConfig({ db: dbConfig }, { dir: ROOT });
// Its BEGIN pipelined, as the services' pools have it (shared/src/db/client.ts).
const floorSql = postgres(config.db.url, { max: 10, pipeline_begin: true });
// The floors as their own servers serve (bench/raw-io-server.ts, raw-write-server.ts), without
// the Valkey increment our requests no longer make.
const floor: Handler =
  kind === 'ticket' ? ioFloor(floorSql as unknown as Tag, null) : writeFloor(floorSql, null);
// Built only when asked for: its own pool, as the command floor's server has.
const commandDatabase =
  only === 'command'
    ? createDatabase({
        ...config.db,
        applicationName: 'bench:inprocess-command',
        logger: createLogger({
          service: 'bench',
          instance: 'inprocess',
          level: 'warn',
          format: 'json',
        }),
      })
    : null;
const command: Handler | undefined = commandDatabase
  ? commandFloor(commandDatabase.db, null, loadConfig({ sla: slaConfig }, { dir: ROOT }).sla)
  : undefined;

const server = { requestIP: () => ({ address: '127.0.0.1', family: 'IPv4', port: 40000 }) };
let n = 0;
/** Requests answered in all, warm-ups included (to divide a syscall count by: strace -c -f). */
let answered = 0;
/** A request as nginx forwards one (its request id, the client's address). */
function request(): Request {
  const e = entries[n++ % entries.length];
  if (!e) throw new Error('no entries');
  const url = `http://127.0.0.1/api/v1/orgs/${e.orgId}/tickets/${e.ticketId}`;
  const headers = {
    authorization: `Bearer ${e.token}`,
    'x-request-id': crypto.randomUUID().replaceAll('-', ''),
    'x-forwarded-for': '127.0.0.1',
    'x-real-ip': '127.0.0.1',
  };
  return kind === 'ticket'
    ? new Request(url, { headers })
    : new Request(`${url}/messages`, {
        method: 'POST',
        // With its length, as nginx forwards it (without, Hono's body limit reads the body
        // into a new Request: a cost no request through nginx pays).
        headers: { ...headers, 'content-type': 'application/json', 'content-length': '22' },
        body: '{"body":"bench reply"}',
      });
}

/**
 * The process's minor page faults so far (Linux; 0 elsewhere): memory the allocator returned to
 * the kernel and touched again. Per request, it tells allocation churn the CPU figure hides.
 */
function minorFaults(): number {
  try {
    return Number(statFields(process.pid)[7] ?? 0); // minflt
  } catch {
    return 0;
  }
}

/** One target's figures over one cycle, per request (`done`: the requests it answered). */
interface Cycle {
  readonly cpuUs: number;
  readonly postgresUs: number;
  readonly faults: number;
  readonly done: number;
}

/** CPU µs, PostgreSQL's too, and minor page faults per request of `handler`, `inFlight` at a time for `seconds`. */
async function run(handler: Handler): Promise<Cycle> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const start = process.cpuUsage();
  const postgresUsed = cpuSince({ postgres: [postgresPid] });
  const faultsBefore = minorFaults();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < until) {
        const res = await handler(request(), server);
        if (res.status >= 300) throw new Error(`status ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
        done++;
        answered++;
      }
    }),
  );
  const used = process.cpuUsage(start);
  return {
    cpuUs: (used.user + used.system) / done,
    postgresUs: ((postgresUsed().postgres ?? 0) * 1000) / done,
    faults: (minorFaults() - faultsBefore) / done,
    done,
  };
}

// The read's contract floor, with parts of its own (caches, pool), as its own server has them.
const contract: Handler | undefined =
  kind === 'ticket' && (only === undefined || only === 'contract')
    ? contractFloor(contractFloorDeps('bench-inprocess-contract'))
    : undefined;
const targets: Record<string, Handler | undefined> = { ours, floor, contract, command };
const names = only ? [only] : kind === 'ticket' ? ['ours', 'floor', 'contract'] : ['ours', 'floor'];
const measured: Record<string, Cycle[]> = { ours: [], floor: [], contract: [], command: [] };
/** A target's handler (each name in `names` has one). */
const target = (name: string): Handler => {
  const handler = targets[name];
  if (!handler) throw new Error(`no target ${name}`);
  return handler;
};
/** The median over the cycles of one figure of a target's. */
const medianOf = (k: string, figure: 'cpuUs' | 'postgresUs' | 'faults') =>
  median((measured[k] ?? []).map((r) => r[figure]));
// Warm-up: JavaScriptCore keeps compiling for half a minute (its JIT thread still took a tenth
// of the process at 40 s) and PostgreSQL's caches fill; figures taken before fall cycle by cycle.
for (const until = performance.now() + warmupSeconds * 1000; performance.now() < until; )
  for (const name of names) await run(target(name));
for (let c = 0; c < cycles; c++) {
  const order = c % 2 === 0 ? names : [...names].reverse();
  for (const name of order) measured[name]?.push(await run(target(name)));
  const last = (k: string) => {
    const r = measured[k]?.at(-1);
    return `${k} ${fmt(r?.cpuUs ?? 0)} µs, PostgreSQL ${fmt(r?.postgresUs ?? 0)} µs (${fmt(r?.faults ?? 0, 2)} faults, ${r?.done ?? 0} requests)`;
  };
  console.error(`cycle ${c + 1}: ${names.map(last).join(', ')}`);
}
const m = (k: string) => fmt(medianOf(k, 'cpuUs'));
/** `a` ÷ `b` in each cycle (they ran back to back), then the median and spread of those. */
function withinCycles(a: string, b: string): string {
  const per = (measured[a] ?? []).map((r, i) => r.cpuUs / (measured[b]?.[i]?.cpuUs ?? Number.NaN));
  return `${fmt(median(per), 2)} (${fmt(Math.min(...per), 2)}–${fmt(Math.max(...per), 2)})`;
}
console.error(
  `${kind}InProcessCpuUs: ${names.map((k) => `${k} ${m(k)}`).join(', ')}${
    only ? '' : `\n${kind}InProcessVsFloor: ${fmt(m('ours') / m('floor'), 2)}`
  }${
    contract && !only
      ? `\n${kind}InProcessVsContractFloor: ${withinCycles('ours', 'contract')}\ncontractFloorInProcessVsFloor: ${withinCycles('contract', 'floor')}`
      : ''
  }\n${kind}InProcessPostgresCpuUs: ${names.map((k) => `${k} ${fmt(medianOf(k, 'postgresUs'))}`).join(', ')}\n${kind}InProcessMinorFaults: ${names.map((k) => `${k} ${fmt(medianOf(k, 'faults'), 2)}`).join(', ')}`,
);
console.error(`requests: ${answered}`);
await floorSql.end();
await commandDatabase?.close();
await dropReplies(startedAt);
await seedSql.end();
process.kill(process.pid, 'SIGTERM');
