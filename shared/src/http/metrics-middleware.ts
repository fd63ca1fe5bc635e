import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from '../monitoring';

/** Counts and times every request by route pattern (never the raw path: ids would explode it). */
export function httpMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const end = metrics.httpDuration.startTimer();
    try {
      await next();
    } finally {
      const matched = routePath(c, -1);
      const route = c.res.status === 404 && matched.endsWith('*') ? 'unmatched' : matched;
      const labels = { method: c.req.method, route, status: String(c.res.status) };
      end(labels);
      metrics.httpRequests.inc(labels);
    }
  };
}
