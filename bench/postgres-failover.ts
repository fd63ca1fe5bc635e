import postgres from 'postgres';
import { reconnectDelaySeconds } from '../shared/src/db/reconnect';
import { logFile } from '../tools/stack/paths';
import { removeHaDirs, startHaCluster } from '../tools/stack/postgres-ha/cluster';
import { haLayout } from '../tools/stack/postgres-ha/layout';
import { switchover } from '../tools/stack/postgres-ha/patroni-api';
import { loadStackSettings } from '../tools/stack/settings';
import { serviceDataDir } from '../tools/stack/system';

// The two ways a service can follow a Patroni primary, side by side on the same events: through
// HAProxy (one address; Patroni's `/primary` check routes it) and postgres.js's multi-host URL
// with `target_session_attrs=primary` (every node's address; the driver finds the primary).
//
//   bun bench/postgres-failover.ts     # BENCH_WRITERS=6 per route
//
// Starts its own three-node topology (etcd, Patroni, HAProxy; STACK_HA_PORT+200..: run one at a
// time), writes through both routes at once, and under that load: SIGKILL of the primary's node,
// the node started again (pg_rewind brings it back as a replica), then a planned switchover. For
// each route and event it prints the statements that failed (by code), when writes succeeded
// again, the longest statement, and at the end the acknowledged writes missing (must be 0); the
// hop's cost as a ratio of `select 1` through HAProxy against the primary directly.
const WRITERS = Number(process.env.BENCH_WRITERS ?? 6);
const settings = loadStackSettings();
const layout = haLayout({
  scope: 'bench',
  base: settings.stack.haPort + 200,
  nodes: 3,
  dirOf: (part) => serviceDataDir(`bench-ha-${part}`),
  superuserPassword: `bench-${Math.random().toString(36).slice(2)}`,
  replicationPassword: `bench-${Math.random().toString(36).slice(2)}`,
});
const cluster = startHaCluster(layout, (part) => logFile(`bench-ha-${part}`));
const common = {
  user: 'postgres',
  password: layout.superuserPassword,
  database: 'postgres',
  max: 4,
  connect_timeout: 5,
  backoff: reconnectDelaySeconds,
  onnotice: () => undefined,
};
type Route = 'haproxy' | 'multiHost';
const routes: Record<Route, postgres.Sql> = {
  haproxy: postgres({ ...common, host: '127.0.0.1', port: layout.haproxy.primaryPort }),
  multiHost: postgres({
    ...common,
    host: layout.nodes.map(() => '127.0.0.1'),
    port: layout.nodes.map((n) => n.pgPort),
    target_session_attrs: 'primary',
    // The driver takes arrays of hosts and ports; its types name one of each.
  } as unknown as postgres.Options<Record<string, never>>),
};

interface Outcome {
  readonly route: Route;
  readonly at: number;
  readonly done: number;
  readonly code?: string;
}
const outcomes: Outcome[] = [];
const acknowledged: Record<Route, number[]> = { haproxy: [], multiHost: [] };
let writing = true;

async function writer(route: Route, n: number) {
  const sql = routes[route];
  while (writing) {
    const at = performance.now();
    try {
      const [row] = await sql<{ id: string }[]>`
        insert into failover_bench (route, writer) values (${route}, ${n}) returning id`;
      acknowledged[route].push(Number(row?.id));
      outcomes.push({ route, at, done: performance.now() });
    } catch (err) {
      const code = String((err as { code?: string }).code ?? (err as Error).message);
      outcomes.push({ route, at, done: performance.now(), code });
      await Bun.sleep(100);
    }
    await Bun.sleep(10);
  }
}

/** `select 1` round trips, sequential: the median in microseconds. */
async function medianRoundTrip(sql: postgres.Sql): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const t = performance.now();
    await sql`select 1`;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return (times[Math.floor(times.length / 2)] ?? 0) * 1000;
}

function eventFigures(route: Route, from: number, to: number) {
  const mine = outcomes.filter((o) => o.route === route && o.done >= from && o.at < to);
  const failed = mine.filter((o) => o.code !== undefined);
  const codes: Record<string, number> = {};
  for (const f of failed) codes[f.code as string] = (codes[f.code as string] ?? 0) + 1;
  // Writes again: the first success after the event's last failure (none failed: not stopped).
  const lastFailure = Math.max(...failed.map((o) => o.done));
  const again =
    failed.length === 0
      ? undefined
      : mine
          .filter((o) => o.code === undefined && o.done > lastFailure)
          .map((o) => o.done)
          .sort((a, b) => a - b)[0];
  const longest = Math.max(0, ...mine.map((o) => o.done - o.at));
  return {
    failed: failed.length,
    codes,
    writesAgainS: again === undefined ? null : Number(((again - from) / 1000).toFixed(1)),
    longestStatementS: Number((longest / 1000).toFixed(1)),
  };
}

const seconds = (ms: number) => Number((ms / 1000).toFixed(1));
try {
  const first = await cluster.waitForLeader(120_000);
  await cluster.waitForReplicas(180_000);
  const admin = postgres({ ...common, host: '127.0.0.1', port: layout.haproxy.primaryPort });
  await admin`create table if not exists failover_bench (
    id bigserial primary key, route text not null, writer int not null)`;
  const leaderNode = layout.nodes.find((n) => n.name === first);
  const direct = postgres({ ...common, host: '127.0.0.1', port: leaderNode?.pgPort ?? 0, max: 1 });
  const viaHaproxy = postgres({
    ...common,
    host: '127.0.0.1',
    port: layout.haproxy.primaryPort,
    max: 1,
  });
  await medianRoundTrip(direct);
  const directUs = await medianRoundTrip(direct);
  const haproxyUs = await medianRoundTrip(viaHaproxy);
  await Promise.all([direct.end(), viaHaproxy.end()]);

  const loops = (Object.keys(routes) as Route[]).flatMap((route) =>
    Array.from({ length: WRITERS }, (_, n) => writer(route, n)),
  );
  await Bun.sleep(5000);
  const events: Record<string, { at: number; end: number; extra: Record<string, unknown> }> = {};

  // The primary's node dies.
  const killAt = performance.now();
  cluster.killNode(first);
  const promoted = await cluster.waitForLeader(60_000, first);
  const promotedMs = performance.now() - killAt;
  await Bun.sleep(10_000);
  events.kill = { at: killAt, end: performance.now(), extra: { promotedS: seconds(promotedMs) } };

  // It comes back: pg_rewind, then a replica of the new primary.
  const rejoinAt = performance.now();
  cluster.startNode(first);
  await cluster.waitForReplicas(120_000);
  const rejoinMs = performance.now() - rejoinAt;
  const rewound = (await Bun.file(logFile(`bench-ha-${first}`)).text()).includes('pg_rewind');
  await Bun.sleep(5000);
  events.rejoin = {
    at: rejoinAt,
    end: performance.now(),
    extra: { rejoinedS: seconds(rejoinMs), pgRewind: rewound },
  };

  // A planned switchover from the new primary.
  const switchAt = performance.now();
  await switchover(layout, promoted);
  const next = await cluster.waitForLeader(60_000, promoted);
  const switchMs = performance.now() - switchAt;
  await Bun.sleep(10_000);
  events.switchover = {
    at: switchAt,
    end: performance.now(),
    extra: { newPrimary: next, switchedS: seconds(switchMs) },
  };
  writing = false;
  await Promise.all(loops);

  const report: Record<string, unknown> = {};
  for (const [name, e] of Object.entries(events))
    report[name] = {
      ...e.extra,
      haproxy: eventFigures('haproxy', e.at, e.end),
      multiHost: eventFigures('multiHost', e.at, e.end),
    };
  const lost: Record<Route, number> = { haproxy: 0, multiHost: 0 };
  for (const route of Object.keys(routes) as Route[]) {
    const ids = acknowledged[route];
    const [row] = await admin<{ n: number }[]>`
      select count(*)::int as n from failover_bench where id = any(${ids})`;
    lost[route] = ids.length - (row?.n ?? 0);
  }
  const kill = report.kill as Record<Route, { writesAgainS: number | null }>;
  const ratio =
    kill.haproxy.writesAgainS && kill.multiHost.writesAgainS
      ? Number((kill.haproxy.writesAgainS / kill.multiHost.writesAgainS).toFixed(2))
      : null;
  console.log(
    JSON.stringify(
      {
        writersPerRoute: WRITERS,
        acknowledged: {
          haproxy: acknowledged.haproxy.length,
          multiHost: acknowledged.multiHost.length,
        },
        lost,
        events: report,
        haproxyWritesAgainVsMultiHost: ratio,
        haproxyRoundTripVsDirect: Number((haproxyUs / directUs).toFixed(2)),
        roundTripUs: { direct: Math.round(directUs), haproxy: Math.round(haproxyUs) },
      },
      null,
      2,
    ),
  );
  await admin.end();
} finally {
  writing = false;
  await Promise.all(Object.values(routes).map((sql) => sql.end({ timeout: 1 })));
  await cluster.stopAll();
  removeHaDirs(layout);
}
