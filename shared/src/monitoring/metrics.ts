import { Hono } from 'hono';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { type HttpRecorder, registerHttpMetrics } from './http-series';

export interface Metrics {
  readonly registry: Registry;
  /** Request count and duration histogram by method, route pattern and status. */
  readonly http: HttpRecorder;
}

/** One registry per process, labelled with service and instance; default metrics included. */
export function createMetrics(identity: { service: string; instance: string }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels(identity);
  collectDefaultMetrics({ register: registry });
  return { registry, http: registerHttpMetrics(registry) };
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
