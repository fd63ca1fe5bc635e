import { createRouter, jsonBodyLimit } from '@insightdesk/shared/api';
import { apiMiddleware } from '../services/api/src/app';
import { fmt, median, report, spread } from './lib';

// What the middlewares every JSON request of the api passes through cost, in process and without
// I/O:
//
//   bun bench/middleware-cost.ts      # BENCH_REQUESTS=20000 BENCH_ROUNDS=7
//
// The same route (a ticket-sized JSON answer, with a header set before it answers, as the
// request id is) is served by `app.fetch` alone, behind the middlewares a JSON route of the api
// passes (apiMiddleware, which app.ts attaches to /api/*: edgeHeaders; then the JSON body limit
// of its JSON routes), behind both, and behind four layers that only `await next()` (the price
// of a layer itself). One process, one core, no sockets: steadier than req/s through nginx on a VM with CPU
// steal, where an ablation of the same middlewares could not be told from noise. Needs nothing
// running.
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const ticket = {
  id: crypto.randomUUID(),
  number: 42,
  subject: 'The printer on the third floor prints every page twice',
  status: 'open',
  priority: 'normal',
  version: 3,
  createdAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  requester: { id: crypto.randomUUID(), name: 'Ada Requester' },
  assignee: null,
};
const corsOrigins = ['https://localhost:8443'];
const edge = apiMiddleware({ corsOrigins, bodyLimitBytes: 1024 * 1024, demo: false });
const bodyLimit = jsonBodyLimit(1024 * 1024);
type Middleware = ReturnType<typeof apiMiddleware>[number];
const passThrough: Middleware = async (_c, next) => {
  await next();
};
const variants: Record<string, (Middleware | undefined)[]> = {
  bare: [],
  'four pass-through layers': [passThrough, passThrough, passThrough, passThrough],
  edgeHeaders: edge,
  jsonBodyLimit: [bodyLimit],
  'edgeHeaders + jsonBodyLimit (as app.ts)': [...edge, bodyLimit],
};
const apps = Object.entries(variants).map(([name, middlewares]) => {
  const app = createRouter();
  app.use('/api/*', async (c, next) => {
    c.header('X-Request-Id', 'bench');
    await next();
  });
  for (const middleware of middlewares) if (middleware) app.use('/api/*', middleware);
  app.get('/api/v1/orgs/:orgId/tickets/:ticketId', (c) => c.json(ticket));
  return { name, app };
});
const url = `http://api.internal/api/v1/orgs/${crypto.randomUUID()}/tickets/${ticket.id}`;
const headers = { Authorization: 'Bearer x', 'User-Agent': 'bench', Accept: 'application/json' };

const perRequestUs: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const { name, app } of apps) {
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const res = await app.fetch(new Request(url, { headers }));
      if (res.status !== 200) throw new Error(`${name}: ${res.status}`);
      await res.arrayBuffer();
    }
    // Round 0 warms the JIT up and is not counted.
    if (round === 0) continue;
    const runs = perRequestUs[name] ?? [];
    runs.push(((performance.now() - t0) * 1000) / REQUESTS);
    perRequestUs[name] = runs;
  }
}

const us = (name: string) => median(perRequestUs[name] ?? []);
report(
  'middleware-cost',
  apps.map(({ name }) => ({
    target: name,
    usPerRequest: fmt(us(name), 2),
    spread: spread(perRequestUs[name] ?? [], 2),
    addedUs: fmt(us(name) - us('bare'), 2),
  })),
  {
    apiMiddlewareUs: fmt(us('edgeHeaders + jsonBodyLimit (as app.ts)') - us('bare'), 1),
    edgeHeadersUs: fmt(us('edgeHeaders') - us('bare'), 1),
    passThroughLayerUs: fmt((us('four pass-through layers') - us('bare')) / 4, 1),
    requests: REQUESTS,
    rounds: ROUNDS,
  },
);
