import { createBaseApp, type KitParts } from '@insightdesk/shared/service';
import type { Hono, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiDeps } from './deps';
import type { ApiEnv } from './env';
import { authenticate } from './middleware/authenticate';
import { jsonBodyLimit } from './middleware/body-limit';
import { idempotency } from './middleware/idempotency';
import { perUserLimit } from './middleware/rate-limit';
import { createRouter } from './openapi';
import { adminRoutes } from './routes/admin';
import { attachmentRoutes, fileRoutes } from './routes/attachments';
import { authRoutes } from './routes/auth';
import { mountDemo } from './routes/demo';
import { mountDocs } from './routes/docs';
import { exportRoutes } from './routes/exports';
import { featureRoutes } from './routes/features';
import { invitationRoutes } from './routes/invitations';
import { meRoutes } from './routes/me';
import { orgRoutes } from './routes/orgs';
import { queueControlRoutes } from './routes/queue-control';
import { ticketRoutes } from './routes/tickets';

export interface AppOptions {
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  /** Serve the client demo page at /api/demo (development and test, never production or staging). */
  readonly demo: boolean;
}

/** A router whose every route needs an access token, spends the user's budget, and honours Idempotency-Key. */
function protectedRouter(deps: ApiDeps) {
  const router = createRouter();
  router.use('*', authenticate(deps.accessTokens, deps.sessionGuard), perUserLimit(deps.limits));
  router.post('*', idempotency(deps.database));
  return router;
}

/**
 * What every `/api/*` request passes through, in order: security headers, CORS, compression and
 * the JSON body limit (also timed alone by `bench/middleware-cost.ts`).
 */
export function apiMiddleware(options: AppOptions): MiddlewareHandler[] {
  return [
    // The same HSTS value as our nginx, which hides this one and sends its own (one header).
    secureHeaders({ strictTransportSecurity: 'max-age=63072000; includeSubDomains' }),
    cors({
      origin: [...options.corsOrigins],
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'If-Match',
        'If-None-Match',
        'X-Request-Id',
      ],
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
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
    compress(),
    jsonBodyLimit(options.bodyLimitBytes),
  ];
}

/** The api's Hono app: the shared base (health, metrics, errors), then `/api`. */
export function createApiApp(kit: KitParts, deps: ApiDeps, options: AppOptions): Hono<ApiEnv> {
  const app = createBaseApp<ApiEnv>(kit);
  for (const middleware of apiMiddleware(options)) app.use('/api/*', middleware);

  const v1 = createRouter();
  v1.route('/auth', authRoutes(deps));
  v1.route('/invitations', invitationRoutes(deps));
  const me = protectedRouter(deps);
  me.route('/', meRoutes(deps));
  v1.route('/me', me);
  const features = protectedRouter(deps);
  features.route('/', featureRoutes(deps));
  v1.route('/features', features);
  v1.route('/admin', queueControlRoutes(deps));
  const orgs = protectedRouter(deps);
  orgs.route('/', orgRoutes(deps));
  orgs.route('/', ticketRoutes(deps));
  orgs.route('/', attachmentRoutes(deps));
  orgs.route('/', exportRoutes(deps));
  v1.route('/orgs', orgs);
  v1.route('/files', fileRoutes(deps));

  const api = createRouter();
  api.route('/v1', v1);
  api.route('/admin', adminRoutes(deps));
  mountDocs(api);
  if (options.demo) mountDemo(api);
  app.route('/api', api);
  return app;
}
