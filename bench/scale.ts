import { luaScript, seed, sessions, sql } from './api-data';
import {
  alternate,
  baselineNginx,
  benchPorts,
  fmt,
  median,
  report,
  type Started,
  summarize,
  wrkWithCpu,
} from './lib';
import { startOurs } from './ours';

// The ticket read's scale curve: GET /orgs/{org}/tickets/{id} on the seeded data (as
// bench/api.ts) through 1, 2 and 4 api instances, each set behind its own nginx rendered from
// the stack's template, rounds alternating between the sets so drift hits each alike:
//
//   bun bench/scale.ts       # BENCH_INSTANCES=1,2,4 BENCH_ROUNDS=3 BENCH_SECONDS=5 BENCH_CONNECTIONS=64
//
// The instances share PostgreSQL, Valkey, nginx and wrk on the same cores: on a 2-core machine
// the curve shows what more instances cost, not what more machines would buy.
// Needs the stack: ./stack up -d. Seeds once (as bench/api.ts).
const counts = (process.env.BENCH_INSTANCES ?? '1,2,4').split(',').map(Number);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);

await seed();
const entries = await sessions();
const script = luaScript('scale-ticket', entries, 'ticket');
const stops: (() => Promise<void>)[] = [];
try {
  const sets: Record<string, { url: string; api: Started }> = {};
  let next = 0;
  for (const [n, count] of counts.entries()) {
    const ports = Array.from({ length: count }, () => benchPorts.upstream(50 + next++));
    const api = await startOurs('api', ports);
    stops.push(api.stop);
    stops.push(await baselineNginx(ports, benchPorts.edge(40 + n), { name: `scale-${count}` }));
    sets[String(count)] = { url: `https://localhost:${benchPorts.edge(40 + n)}`, api };
  }
  const keys = counts.map(String);
  const run = (key: string, secs = seconds) => {
    const set = sets[key];
    if (!set) throw new Error(`no set ${key}`);
    return wrkWithCpu(set.url, set.api.pids, { seconds: secs, connections, script });
  };
  console.error('==> warm-up');
  for (const key of keys) await run(key, 2);
  console.error(`==> ${rounds} rounds × ${keys.length} sets × ${seconds} s`);
  const runs = await alternate(keys, rounds, (key) => run(key));
  const one = median(runs[keys[0] ?? '1']?.map((r) => r.rps) ?? []);
  const rows = keys.map((key) => ({
    ...summarize(`GET /tickets/{id}, api x${key}`, runs[key] ?? []),
    vsFirst: fmt(median(runs[key]?.map((r) => r.rps) ?? []) / one, 2),
  }));
  report('scale', rows, { instances: counts.join(','), rounds, seconds, connections });
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await sql.end();
}
