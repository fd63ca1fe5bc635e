import { Hono } from 'hono';
import type { HealthRegistry } from './registry';

/** Tells a request that came in through the public edge from one made on the private network. */
export type PublicRequest = (request: Request) => boolean;

/**
 * `/health/live`, `/health/ready` and `/health` over a registry. Probes, operators and the local
 * stack call a service on its own port and get the details; a request that came through the
 * edge (`isPublic`) gets the status only.
 */
export function healthRoutes(registry: HealthRegistry, isPublic: PublicRequest): Hono {
  const app = new Hono();
  const noStore = { 'Cache-Control': 'no-store' };
  app.get('/health/live', (c) =>
    c.json(
      isPublic(c.req.raw) ? { status: 'ok' } : { status: 'ok', ...registry.identity },
      200,
      noStore,
    ),
  );
  app.get('/health/ready', async (c) => {
    const readiness = await registry.readiness();
    const code = readiness.status === 'ready' ? 200 : 503;
    return c.json(isPublic(c.req.raw) ? { status: readiness.status } : readiness, code, noStore);
  });
  app.get('/health', async (c) => {
    const report = isPublic(c.req.raw) ? await registry.summary() : await registry.report();
    return c.json(report, report.status === 'down' ? 503 : 200, noStore);
  });
  return app;
}
