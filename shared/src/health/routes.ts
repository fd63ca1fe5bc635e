import { Hono } from 'hono';
import type { HealthRegistry } from './registry';

/** `/health/live`, `/health/ready` and `/health` (spec §3) over a registry. */
export function healthRoutes(registry: HealthRegistry): Hono {
  const app = new Hono();
  const noStore = { 'Cache-Control': 'no-store' };
  app.get('/health/live', (c) => c.json({ status: 'ok', ...registry.identity }, 200, noStore));
  app.get('/health/ready', async (c) => {
    const readiness = await registry.readiness();
    return c.json(readiness, readiness.status === 'ready' ? 200 : 503, noStore);
  });
  app.get('/health', async (c) => {
    const report = await registry.report();
    return c.json(report, report.status === 'down' ? 503 : 200, noStore);
  });
  return app;
}
