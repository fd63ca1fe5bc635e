import {
  baselineNginx,
  benchPorts,
  fmt,
  median,
  rawServers,
  report,
  settings,
  stackPids,
  wrkWithCpu,
} from './lib';

// GET /health/live through nginx TLS to the two api instances, next to two raw Bun.serve
// processes answering the same bytes behind an identical nginx (same template, same TLS), in the
// same run. Rounds alternate between the targets and medians are compared, so that drift on a
// shared machine hits both alike. Needs the stack: ./stack up -d
const RAW_PORTS = [benchPorts.upstream(0), benchPorts.upstream(1)] as const;
const BASELINE_HTTPS = benchPorts.edge(0);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);

const raw = await rawServers(RAW_PORTS);
let stopBaseline = async () => {};
try {
  stopBaseline = await baselineNginx(RAW_PORTS, BASELINE_HTTPS);
  const apiPids = await stackPids(['api-1', 'api-2']);
  const targets = {
    baseline: { url: `https://localhost:${BASELINE_HTTPS}/health/live`, pids: raw.pids },
    stack: { url: `https://localhost:${settings.stack.httpsPort}/health/live`, pids: apiPids },
  };
  for (const t of Object.values(targets))
    await wrkWithCpu(t.url, t.pids, { seconds: 2, connections }); // warm-up
  type Run = Awaited<ReturnType<typeof wrkWithCpu>>;
  const runs: Record<keyof typeof targets, Run[]> = { baseline: [], stack: [] };
  for (let i = 0; i < rounds; i++) {
    for (const key of ['baseline', 'stack'] as const) {
      runs[key].push(
        await wrkWithCpu(targets[key].url, targets[key].pids, { seconds, connections }),
      );
    }
  }
  const summary = (target: string, r: Run[]) => ({
    target,
    rps: fmt(median(r.map((x) => x.rps)), 0),
    p50Ms: median(r.map((x) => x.p50Ms)),
    p99Ms: median(r.map((x) => x.p99Ms)),
    upstreamCpuUsPerReq: fmt(median(r.map((x) => x.upstreamCpuUsPerRequest))),
    errors: r.reduce((a, x) => a + x.errors, 0),
  });
  const base = summary('raw Bun.serve x2 behind nginx TLS', runs.baseline);
  const ours = summary('api x2 GET /health/live behind nginx TLS', runs.stack);
  report('http', [base, ours], {
    ratio: fmt(ours.rps / base.rps, 2),
    goal: '>= 0.8',
    rounds,
    seconds,
    connections,
  });
} finally {
  await stopBaseline();
  await raw.stop();
}
