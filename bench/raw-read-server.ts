import {
  bearerToken,
  createRouter,
  createUserBudget,
  type UserBudget,
  userBudgetOptions,
} from '@insightdesk/shared/api';
import {
  type AccessTokens,
  createAccessTokens,
  createSessionGuard,
  type SessionGuard,
} from '@insightdesk/shared/auth';
import { createCache } from '@insightdesk/shared/cache';
import {
  authConfig,
  dbConfig,
  loadConfig,
  rateLimitConfig,
  valkeyConfig,
} from '@insightdesk/shared/config';
import { createDatabase, type Executor } from '@insightdesk/shared/db';
import { createLogger, type Logger, plainLineWriter } from '@insightdesk/shared/logger';
import { createMetrics, type Metrics } from '@insightdesk/shared/monitoring';
import { databaseMemberships, enterOrg, type Memberships } from '@insightdesk/shared/tenancy';
import { createValkey } from '@insightdesk/shared/valkey';
import { requireAccess } from '../helpdesk/src/access';
import { helpdeskLadder } from '../helpdesk/src/roles';
import { getTicket } from '../helpdesk/src/tickets/ticket';
import {
  STRICT_TRANSPORT_SECURITY,
  securityHeaders,
} from '../shared/src/api/middleware/edge-headers';
import { KEEP_ALIVE_SECONDS } from '../shared/src/service/http-server';

// The ticket read's contract floor: a bare Bun.serve whose one handler does, in a straight line,
// everything the contract asks of GET /orgs/{org}/tickets/{id} — with the platform's own parts
// and the product's own read, as the api composes them (main.ts), and no framework: no Hono (its
// context, router and middleware chain), no zod, no OpenAPI route. Its answer carries what ours
// carries, byte for byte but the date and ids: the request id (taken or made), the security and
// Vary headers, the budget's RateLimit-*, the ETag; it writes the same access line and records the
// same metrics series. The verified-token cache, the session guard's and the memberships' near
// cache, and the user budget counted in process and synced to Valkey are the api's own.
//
// Ours ÷ this is what the framework and the way the api layers these parts cost; this ÷ the I/O
// floor (the read alone) is what the contract's own per-request work costs on these drivers; and
// this ÷ the fastest peer bounds ticketReadCpuVsFastestPeer for any framework on these parts.
// Only the happy path (the bench sends valid requests): anything else answers 500.
//
//   bun bench/raw-read-server.ts PORT         # the contract floor
//   bun bench/raw-read-server.ts PORT hono    # the same as a Hono route behind the read's layers

const TICKET_PATH = /^\/api\/v1\/orgs\/([^/]+)\/tickets\/([^/?]+)$/;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const ROUTE = '/api/v1/orgs/:orgId/tickets/:ticketId';

/**
 * What edge-headers.ts writes on every `/api/*` answer, as a template each answer's headers are
 * copied from (the cheapest way measured to start 15 headers).
 */
const SECURITY_HEADERS = new Headers(
  securityHeaders(STRICT_TRANSPORT_SECURITY) as [string, string][],
);

export interface ContractFloorDeps {
  readonly tokens: AccessTokens;
  readonly guard: SessionGuard;
  readonly budget: UserBudget;
  readonly memberships: Memberships;
  readonly db: Executor;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The contract floor's handler (exported for bench/inprocess.ts). */
export function contractFloor(deps: ContractFloorDeps) {
  const access = plainLineWriter(deps.logger, 'request');
  return async (req: Request): Promise<Response> => {
    const t0 = performance.now();
    const incoming = req.headers.get('x-request-id');
    const requestId =
      incoming !== null && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const url = req.url;
    const path = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    const token = bearerToken(req.headers.get('authorization') ?? undefined);
    const match = path.match(TICKET_PATH);
    if (!token || !match || req.method !== 'GET') return new Response(null, { status: 500 });
    const claims = await deps.tokens.verify(token);
    await deps.guard.check(claims);
    const admission = await deps.budget.admit(claims.userId);
    if (!admission.allowed) return new Response(null, { status: 500 });
    const caller = { userId: claims.userId, reach: claims.reach };
    const scope = await enterOrg(deps.memberships, caller, match[1] ?? '', 'requester');
    const grant = requireAccess({ auth: scope, permission: 'ticket.read' });
    const ticket = await getTicket(deps.db, grant, match[2] ?? '');
    const headers = new Headers(SECURITY_HEADERS);
    headers.set('Content-Type', 'application/json');
    headers.set('X-Request-Id', requestId);
    headers.set('ETag', `"${ticket.version}"`);
    headers.set('Vary', 'Origin, Accept-Encoding');
    if (admission.shared) {
      headers.set('RateLimit-Limit', String(deps.budget.points));
      headers.set('RateLimit-Remaining', String(Math.max(0, admission.remaining)));
      headers.set('RateLimit-Reset', String(admission.resetSeconds));
    }
    const answer = new Response(JSON.stringify(ticket), { headers });
    const ms = performance.now() - t0;
    deps.metrics.http.record('GET', ROUTE, 200, ms / 1000);
    access('info', { requestId, method: 'GET', path, status: 200, ms: Math.round(ms * 10) / 10 });
    return answer;
  };
}

/** The api's parts the read needs, composed as main.ts composes them. */
export function contractFloorDeps(instance: string): ContractFloorDeps {
  const config = loadConfig({
    db: dbConfig,
    valkey: valkeyConfig,
    auth: authConfig,
    rateLimit: rateLimitConfig,
  });
  // As a service logs: JSON lines on stdout, batched (bench/lib.ts sends them to a file).
  const logger = createLogger({ service: 'bench', instance, level: 'info', format: 'json' });
  const database = createDatabase({ ...config.db, applicationName: instance, logger });
  const valkey = createValkey({
    url: config.valkey.url,
    name: `${instance}:command`,
    kind: 'command',
    logger,
  });
  const invalidations = createValkey({
    url: config.valkey.cacheUrl,
    name: `${instance}:invalidations`,
    kind: 'subscriber',
    logger,
  });
  const cache = createCache(valkey, logger, {
    near: { subscriber: invalidations, ttlMs: 10_000, maxEntries: 100_000 },
  });
  return {
    tokens: createAccessTokens({
      keys: config.auth.signingKeys,
      ttlSeconds: config.auth.accessTokenTtlSeconds,
    }),
    guard: createSessionGuard({ db: database.db, cache, publisher: valkey }),
    budget: createUserBudget(valkey, userBudgetOptions(config.rateLimit.userPerMinute, 60), logger),
    memberships: databaseMemberships(database.db, cache, helpdeskLadder, () => false),
    db: database.db,
    logger,
    metrics: createMetrics({ service: 'bench', instance }),
  };
}

/**
 * How many middlewares the api's read passes before its handler: the base app's instrument, the
 * edge headers, the signed-in check, the organization's access, the parameters' validation.
 */
export const READ_LAYERS = 5;

/**
 * The same handler as the one route of a Hono app (the api's route kit, `createRouter`), behind
 * as many middlewares as the api's read passes, each only passing the request on: what Hono's own
 * machinery (its context, router and chain of layers) costs around the contract's work, without
 * the work our layers do in them.
 */
export function contractFloorInHono(deps: ContractFloorDeps, layers = READ_LAYERS) {
  const handler = contractFloor(deps);
  const app = createRouter();
  for (let i = 0; i < layers; i++)
    app.use('*', async (_c, next) => {
      await next();
    });
  app.get(ROUTE, (c) => handler(c.req.raw));
  return app.fetch;
}

if (import.meta.main) {
  const port = Number(process.argv[2]);
  const deps = contractFloorDeps(`bench-raw-read-${port}`);
  // `hono`: the same work as a Hono app's route behind the read's number of layers.
  const handler =
    process.argv[3] === 'hono'
      ? contractFloorInHono(deps)
      : (contractFloor(deps) as (req: Request) => Response | Promise<Response>);
  Bun.serve({
    hostname: '127.0.0.1',
    port,
    idleTimeout: KEEP_ALIVE_SECONDS, // as the services (bench/raw-server.ts says why)
    // The instances' readiness probe (bench/lib.ts waits for an answer on `/`).
    fetch: (req) => (req.url.endsWith('/') ? new Response('ok') : handler(req)),
  });
}
