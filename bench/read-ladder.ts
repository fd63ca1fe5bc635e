import { luaScript, seed, sessions, sql } from './api-data';
import { benchPorts, cpuMs, fmt, median, report, type Started, startInstances, wrk } from './lib';
import { startOurs } from './ours';

// What each layer of the ticket read costs the api process, through its socket: one of our api
// instances and the bare I/O floor, each hit directly by wrk (plain HTTP, no nginx, so neither
// TLS nor the proxy is in the figure), with requests that stop at successive layers:
//
//   bun bench/read-ladder.ts      # BENCH_CYCLES=6 BENCH_SECONDS=3 BENCH_CONNECTIONS=32
//
//   floor        bare Bun.serve: the same PostgreSQL read, no Valkey (as our read), JSON out
//   health       ours: GET /health/live (the base app: request id, access log, metrics)
//   unauthorized ours: the ticket read without a token (every /api middleware, then a 401)
//   ticket       ours: the ticket read
// CPU per request (µs) of the serving process, each target once per cycle in a turning order;
// medians over cycles. Needs ./stack up -d (and seeds like bench/api.ts).
const cycles = Number(process.env.BENCH_CYCLES ?? 6);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

await seed();
const entries = await sessions();
await sql.end();
const ticketScript = luaScript('ladder-ticket', entries, 'ticket');
const first = entries[0];
if (!first) throw new Error('no seeded tickets');

const [oursPort, floorPort] = [benchPorts.upstream(30), benchPorts.upstream(31)];
const ours = await startOurs('api', [oursPort], {
  env: { RATE_LIMIT_USER_PER_MINUTE: '100000000', LOG_LEVEL: 'info' },
});
const floor: Started = await startInstances('ladder-floor', [floorPort], (port) => ({
  cmd: [process.execPath, 'bench/raw-io-server.ts', String(port), 'postgres', 'no-valkey'],
}));

const targets = {
  floor: { pid: floor.pids, url: `http://127.0.0.1:${floorPort}/`, script: ticketScript },
  health: { pid: ours.pids, url: `http://127.0.0.1:${oursPort}/health/live` },
  unauthorized: {
    pid: ours.pids,
    url: `http://127.0.0.1:${oursPort}/api/v1/orgs/${first.orgId}/tickets/${first.ticketId}`,
  },
  ticket: { pid: ours.pids, url: `http://127.0.0.1:${oursPort}/`, script: ticketScript },
} as const;
type Name = keyof typeof targets;
const names = Object.keys(targets) as Name[];
const usPerRequest: Record<Name, number[]> = {
  floor: [],
  health: [],
  unauthorized: [],
  ticket: [],
};
try {
  for (const [name, t] of Object.entries(targets)) {
    await wrk(t.url, { seconds: 1, connections, ...('script' in t ? { script: t.script } : {}) });
    void name;
  }
  for (let c = 0; c < cycles; c++) {
    const order = names.map((_, i) => names[(i + c) % names.length] as Name);
    for (const name of order) {
      const t = targets[name];
      const before = t.pid.map(cpuMs);
      const r = await wrk(t.url, {
        seconds,
        connections,
        ...('script' in t ? { script: t.script } : {}),
      });
      const used = t.pid.reduce((sum, pid, i) => sum + cpuMs(pid) - (before[i] ?? 0), 0);
      usPerRequest[name].push((used * 1000) / (r.rps * seconds));
    }
    console.log(
      `cycle ${c + 1}: ${names.map((n) => `${n} ${fmt(usPerRequest[n].at(-1) ?? 0)}`).join(', ')} µs`,
    );
  }
} finally {
  await ours.stop();
  await floor.stop();
}
const m = Object.fromEntries(names.map((n) => [n, fmt(median(usPerRequest[n]))])) as Record<
  Name,
  number
>;
report(
  'read-ladder',
  names.map((n) => ({ target: n, cpuUsPerRequest: m[n] })),
  {
    ladderUs: `floor ${m.floor}, health ${m.health}, unauthorized ${m.unauthorized}, ticket ${m.ticket}`,
    ticketVsFloor: fmt(m.ticket / m.floor, 2),
  },
);
process.exit(0);
