import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { type Logger, plainLineWriter } from '../logger';
import type { Metrics } from '../monitoring';
import { noTracing, type Tracing } from '../tracing';
import { createRequestScope, type RequestScope } from './request-scope';

/** Variables every service's Hono context carries. */
export interface BaseEnv {
  Variables: {
    requestId: string;
    /** Use `requestLogger(c)`: the child logger is made on first use only. */
    log?: Logger;
    baseLogger: Logger;
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one middleware in front of every route (one layer, not three: each async layer costs on
 * every request, see bench/README.md):
 * - request id: `X-Request-Id` from the request when well-formed (nginx always sets one), else
 *   generated; echoed on the response and carried by every log line of the request;
 * - one access-log line (debug level for health and metrics probes);
 * - request count and duration by route pattern (never the raw path: ids would explode it);
 * - with tracing on, the request's server span: the caller's `traceparent` is its parent, else it
 *   starts a trace whose id is the request id when that is nginx's (32 hex digits).
 */
export function instrument(
  logger: Logger,
  metrics: Metrics,
  tracing: Tracing = noTracing,
  /** Where the request's id is current for all it runs (slow statements name it): off by default. */
  scope: RequestScope = createRequestScope(false),
): MiddlewareHandler<BaseEnv> {
  // Access lines carry only the fields below (no headers, no query, no body): no redaction, and
  // written as flat fields rather than through pino's general path (plain-lines.ts).
  const access = plainLineWriter(logger, 'request');
  return async (c, next) => {
    const t0 = performance.now();
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('baseLogger', logger);
    // Set before the response exists: Hono merges it into the response it builds (setting it
    // afterwards would copy the whole response).
    c.header('X-Request-Id', requestId);
    try {
      if (!tracing.enabled) await (scope.enabled ? scope.run(requestId, next) : next());
      else
        await tracing.inSpan(
          `${c.req.method} request`,
          {
            kind: 'server',
            parent: c.req.header('traceparent') ?? null,
            traceId: requestId.replaceAll('-', ''),
            attributes: {
              'http.request.method': c.req.method,
              'url.path': c.req.path,
              'insightdesk.request_id': requestId,
            },
          },
          async (span) => {
            await scope.run(requestId, next);
            const route = matchedRoute(c);
            span.rename(`${c.req.method} ${route}`);
            span.setAttribute('http.route', route);
            span.setAttribute('http.response.status_code', c.res.status);
          },
        );
    } finally {
      const ms = performance.now() - t0;
      const status = c.res.status;
      const matched = matchedRoute(c);
      metrics.http.record(
        c.req.method,
        status === 404 && matched.endsWith('*') ? 'unmatched' : matched,
        status,
        ms / 1000,
      );
      const probe = matched.startsWith('/health') || matched === '/metrics';
      access(
        status >= 500 ? 'error' : probe ? 'debug' : 'info',
        accessLine(c, requestId, status, ms),
      );
    }
  };
}

function accessLine(c: Context, requestId: string, status: number, ms: number) {
  return {
    requestId,
    method: c.req.method,
    path: c.req.path,
    status,
    ms: Math.round(ms * 10) / 10,
  };
}

/** The request's child logger (carrying its requestId), created on first use. */
export function requestLogger(c: Context<BaseEnv>): Logger {
  let log = c.get('log');
  if (!log) {
    log = c.get('baseLogger').child({ requestId: c.get('requestId') });
    c.set('log', log);
  }
  return log;
}

/**
 * The route a request matched, for metrics and spans: the last concrete path among the matched
 * routes. Not simply the last one: a route added before others' middleware (the upload, before
 * the JSON routes' `*`) is still followed by those wildcards in the match list. Only wildcards
 * matched: a path no route has (the caller labels a 404 there `unmatched`).
 */
function matchedRoute(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const path = routes[i]?.path;
    if (path !== undefined && !path.endsWith('*')) return path;
  }
  return routes.at(-1)?.path ?? '';
}
