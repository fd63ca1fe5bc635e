import type { Database } from '@insightdesk/shared/db';
import { createBaseApp, type KitParts } from '@insightdesk/shared/service';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Hono } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiEnv } from './env';
import { jsonBodyLimit } from './middleware/body-limit';

export interface ApiDeps {
  readonly kit: KitParts;
  readonly database: Database;
  readonly valkey: Redis;
  readonly http: {
    readonly corsOrigins: readonly string[];
    readonly bodyLimitBytes: number;
  };
}

/** The api's Hono app: the shared base (health, metrics, errors), then the versioned API. */
export function createApiApp(deps: ApiDeps): Hono<ApiEnv> {
  const { kit } = deps;
  const app = createBaseApp<ApiEnv>(kit);
  app.use('/api/*', secureHeaders());
  app.use(
    '/api/*',
    cors({
      origin: [...deps.http.corsOrigins],
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'If-Match',
        'X-Request-Id',
      ],
      exposeHeaders: [
        'ETag',
        'X-Request-Id',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Idempotent-Replayed',
      ],
      maxAge: 600,
    }),
  );
  app.use('/api/*', compress());
  app.use('/api/*', jsonBodyLimit(deps.http.bodyLimitBytes));
  return app;
}
