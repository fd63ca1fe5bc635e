import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dropReplies, luaScript, type ScriptKind, seed, sessions, sql } from './api-data';
import { baselineNginx, benchPorts, ROOT, stackPids, wrkWithCpu } from './lib';
import { startOurs } from './ours';
import { summarize } from './profile-summary';

// A CPU profile of one api instance under load: where a request's time goes.
//   bun bench/profile.ts [ticket|list|message]    # BENCH_SECONDS=10 BENCH_CONNECTIONS=32
// Starts a second api (Bun's --cpu-prof-md) behind an nginx rendered from the stack's template,
// drives it with wrk on the seeded data, stops it, and prints its self time summed by owner
// (package or folder: bench/profile-summary.ts) and the heaviest functions; the whole profile
// (Markdown and .cpuprofile) stays in .data/bench-profiles/. Needs ./stack up -d.
const kind = (process.argv[2] ?? 'message') as ScriptKind;
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const dir = join(ROOT, '.data', 'bench-profiles', kind);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

await seed();
const entries = await sessions();
const startedAt = new Date();
const port = benchPorts.upstream(20);
// BENCH_PROFILE=off: the same run without the profiler (its CPU per request, undisturbed).
const profiling = process.env.BENCH_PROFILE !== 'off';
const api = await startOurs('api', [port], {
  bunArgs: profiling ? ['--cpu-prof', '--cpu-prof-md', `--cpu-prof-dir=${dir}`] : [],
});
const stopEdge = await baselineNginx([port], benchPorts.edge(20), { name: 'profile' });
try {
  const url = `https://localhost:${benchPorts.edge(20)}`;
  const script = luaScript(`profile-${kind}`, entries, kind);
  await wrkWithCpu(url, api.pids, { seconds: 2, connections, script });
  // PostgreSQL with its backends: what a request costs below the api.
  const [postgres = 0] = await stackPids(['postgres']);
  const r = await wrkWithCpu(
    url,
    api.pids,
    { seconds, connections, script },
    { postgres: [postgres] },
  );
  console.log(
    `${kind}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.upstreamCpuUsPerRequest.toFixed(0)} µs api CPU and ${(r.pathCpuUsPerRequest.postgres ?? 0).toFixed(0)} µs PostgreSQL CPU per request, ${r.errors} errors`,
  );
} finally {
  await stopEdge();
  await api.stop();
  await dropReplies(startedAt);
  await sql.end();
}
if (!profiling) process.exit(0);
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
console.log(
  summarize(
    JSON.parse(readFileSync(join(dir, file), 'utf8')),
    Number(process.env.BENCH_PROFILE_LINES ?? 40),
  ),
);
console.log(`\nwhole profile: ${dir}`);
