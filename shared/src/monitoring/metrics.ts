import { Hono } from 'hono';
import { Counter, collectDefaultMetrics, Registry } from 'prom-client';
import { type HttpRecorder, registerHttpMetrics } from './http-series';

export interface Metrics {
  readonly registry: Registry;
  /** Request count and duration histogram by method, route pattern and status. */
  readonly http: HttpRecorder;
  /**
   * Error answers by their problem code (`invalid_credentials`, `refresh_token_reused`, …: a set
   * the code defines, never a value a client sends): what the security alerts count.
   */
  readonly problems: Counter<'code'>;
}

/** The problem codes the security alerts watch (deploy/monitoring: security rules). */
export const WATCHED_PROBLEMS = [
  'invalid_credentials',
  'invalid_code',
  'refresh_token_reused',
  'rate_limited',
] as const;

/** One registry per process, labelled with service and instance; default metrics included. */
export function createMetrics(identity: { service: string; instance: string }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels(identity);
  collectDefaultMetrics({ register: registry });
  const problems = new Counter({
    name: 'http_problems_total',
    help: 'Error answers (problem+json) by problem code',
    labelNames: ['code'],
    registers: [registry],
  });
  // Counted from 0, so that the first one after a start is an increase (a series that appears
  // at 1 shows none to increase()).
  for (const code of WATCHED_PROBLEMS) problems.inc({ code }, 0);
  return { registry, http: registerHttpMetrics(registry), problems };
}

/** `GET /metrics` in Prometheus text format; served on each service's own port only. */
export function metricsRoutes(metrics: Metrics, isPublic: (request: Request) => boolean): Hono {
  const app = new Hono();
  // Scrapers call the service on its own port; through the edge there is nothing here.
  app.get('/metrics', async (c, next) =>
    isPublic(c.req.raw)
      ? next()
      : c.body(await metrics.registry.metrics(), 200, {
          'Content-Type': metrics.registry.contentType,
        }),
  );
  return app;
}
