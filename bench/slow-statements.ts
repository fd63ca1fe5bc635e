import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { createHealthRegistry } from '@insightdesk/shared/health';
import { createRequestScope } from '@insightdesk/shared/http';
import { createLogger } from '@insightdesk/shared/logger';
import { createErrorReporter, createMetrics } from '@insightdesk/shared/monitoring';
import { createBaseApp } from '@insightdesk/shared/service';
import { noTracing } from '@insightdesk/shared/tracing';
import { sql } from 'drizzle-orm';
import { ROOT } from '../tools/stack/paths';
import { fmt, median, report, spread } from './lib';

// What logging slow statements with their request id costs the hot path (DB_SLOW_STATEMENT_MS,
// on by default; docs/observability.md, "Slow queries"), in two parts:
//
//   bun bench/slow-statements.ts     # BENCH_REQUESTS=20000 BENCH_QUERIES=20000 BENCH_ROUNDS=7
//
// - the request scope: a request through the services' own HTTP base (request id, access line,
//   metrics, problems) whose handler awaits five times, as a route awaits its reads — with the
//   async-local scope that carries the request id, and without; in process, no I/O;
// - the statement watch: a one-row read through the platform's database client against the
//   stack's PostgreSQL (eight at a time), each timed (a closure per statement), and not.
// Rounds alternate the variants; round 0 warms up and is not counted. Needs the stack's
// PostgreSQL (./stack up -d) for the second part.
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONCURRENCY = 8;

const logger = createLogger({ service: 'bench', instance: 'slow', level: 'warn', format: 'json' });
const reporter = createErrorReporter({
  dsn: undefined,
  environment: 'development',
  service: 'bench',
  instance: 'slow',
  tracesSampleRate: 0,
});

const app = (scoped: boolean) => {
  const base = createBaseApp({
    logger,
    metrics: createMetrics({ service: 'bench', instance: scoped ? 'scoped' : 'plain' }),
    tracing: noTracing,
    health: createHealthRegistry({ service: 'bench', instance: 'slow', version: 'bench' }),
    reporter,
    isPublicRequest: () => false,
    requestScope: createRequestScope(scoped),
  });
  base.get('/api/v1/things/:id', async (c) => {
    for (let i = 0; i < 5; i++) await Promise.resolve(i);
    return c.json({ id: c.req.param('id') });
  });
  return base;
};
const apps = { plain: app(false), scoped: app(true) };

const url = `http://api.internal/api/v1/things/${crypto.randomUUID()}`;
const perRequestUs: Record<string, number[]> = { plain: [], scoped: [] };
for (let round = 0; round <= ROUNDS; round++) {
  // Each round alternates which variant goes first (the second ran on a warmer heap).
  const order = Object.entries(apps);
  for (const [name, served] of round % 2 ? order.reverse() : order) {
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const res = await served.fetch(new Request(url));
      await res.arrayBuffer();
    }
    if (round > 0) perRequestUs[name]?.push(((performance.now() - t0) * 1000) / REQUESTS);
  }
}

const url_ = loadConfig({ db: dbConfig }, { dir: ROOT }).db.url;
const databases = {
  plain: createDatabase({
    url: url_,
    poolMax: CONCURRENCY,
    applicationName: 'bench-plain',
    logger,
  }),
  watched: createDatabase({
    url: url_,
    poolMax: CONCURRENCY,
    applicationName: 'bench-watched',
    logger,
    slowStatementMs: 250,
    currentRequest: () => 'bench',
  }),
};
const perQueryUs: Record<string, number[]> = { plain: [], watched: [] };
for (let round = 0; round <= ROUNDS; round++) {
  const order = Object.entries(databases);
  for (const [name, database] of round % 2 ? order.reverse() : order) {
    let left = QUERIES;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (left-- > 0) await database.db.execute(sql`select ${left}::int as n`);
      }),
    );
    if (round > 0) perQueryUs[name]?.push(((performance.now() - t0) * 1000) / QUERIES);
  }
}
await Promise.all(Object.values(databases).map((d) => d.close()));

const m = (runs: Record<string, number[]>, name: string) => median(runs[name] ?? []);
/** The best round: on a machine others load, the least disturbed. */
const best = (runs: Record<string, number[]>, name: string) => Math.min(...(runs[name] ?? []));
report(
  'slow-statements',
  [
    ...Object.keys(apps).map((name) => ({
      target: `request, ${name}`,
      usPerRequest: fmt(m(perRequestUs, name), 2),
      spread: spread(perRequestUs[name] ?? [], 2),
    })),
    ...Object.keys(databases).map((name) => ({
      target: `statement, ${name}`,
      usPerStatement: fmt(m(perQueryUs, name), 2),
      spread: spread(perQueryUs[name] ?? [], 2),
    })),
  ],
  {
    // Throughput ratios (above 1: slower with it): time per request or statement, on over off.
    requestScopeVsOff: fmt(m(perRequestUs, 'scoped') / m(perRequestUs, 'plain'), 3),
    statementWatchVsOff: fmt(m(perQueryUs, 'watched') / m(perQueryUs, 'plain'), 3),
    requestScopeVsOffBest: fmt(best(perRequestUs, 'scoped') / best(perRequestUs, 'plain'), 3),
    statementWatchVsOffBest: fmt(best(perQueryUs, 'watched') / best(perQueryUs, 'plain'), 3),
    requests: REQUESTS,
    queries: QUERIES,
    rounds: ROUNDS,
  },
);
