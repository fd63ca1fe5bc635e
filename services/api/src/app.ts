import {
  type ApiEnv,
  createRouter,
  edgeHeaders,
  idempotency,
  jsonBodyLimit,
  STRICT_TRANSPORT_SECURITY,
  signedIn,
} from '@insightdesk/shared/api';
import type {
  ApiProduct,
  ProductCatalog,
  ProductConfig,
  ProductRouteDeps,
  ProductRoutes,
} from '@insightdesk/shared/product';
import { createBaseApp, type KitParts } from '@insightdesk/shared/service';
import type { Hono, MiddlewareHandler } from 'hono';
import type { ApiDeps } from './deps';
import { adminRoutes } from './routes/admin';
import { accountAuditRoutes, auditRoutes, operatorAuditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { mountDemo } from './routes/demo';
import { mountDocs } from './routes/docs';
import { domainRoutes } from './routes/domains';
import { featureFlagRoutes } from './routes/feature-flags';
import { featureRoutes } from './routes/features';
import { fileRoutes } from './routes/files';
import { identityRoutes } from './routes/identities';
import { invitationRoutes } from './routes/invitations';
import { meRoutes } from './routes/me';
import { oidcRoutes } from './routes/oidc';
import { orgRoutes } from './routes/orgs';
import { queueControlRoutes } from './routes/queue-control';
import { ssoSettingsRoutes } from './routes/sso-settings';
import { webhookRoutes } from './routes/webhooks';

export interface AppOptions {
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  /** Serve the client demo page at /api/demo (development and test, never production or staging). */
  readonly demo: boolean;
}

/** A router whose every route needs an access token and spends the user's budget. */
function signedInRouter(deps: ApiDeps) {
  const router = createRouter();
  router.use('*', signedIn(deps));
  return router;
}

/** A signed-in router whose POSTs also honour Idempotency-Key. */
function protectedRouter(deps: ApiDeps) {
  const router = signedInRouter(deps);
  router.post('*', idempotency(deps.database));
  return router;
}

/**
 * What every `/api/*` request passes through: the security headers, CORS and compression, one
 * layer (edge-headers.ts; timed, with the JSON body limit, by `bench/middleware-cost.ts`).
 */
export function apiMiddleware(options: AppOptions): MiddlewareHandler[] {
  return [
    edgeHeaders({
      strictTransportSecurity: STRICT_TRANSPORT_SECURITY,
      corsOrigins: options.corsOrigins,
      allowHeaders: [
        'Authorization',
        'Content-Type',
        'Idempotency-Key',
        'If-Match',
        'If-None-Match',
        'X-Request-Id',
      ],
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: [
        'ETag',
        'X-Request-Id',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'Idempotent-Replayed',
      ],
      maxAgeSeconds: 600,
    }),
  ];
}

/**
 * Every route whose body, if any, is JSON, behind the JSON body limit: the platform's, and the
 * product's where it asks (under an organization, under /me).
 */
function jsonRoutes(deps: ApiDeps, options: AppOptions, routes: ProductRoutes) {
  const json = createRouter();
  json.use('*', jsonBodyLimit(options.bodyLimitBytes));

  const v1 = createRouter();
  v1.route('/auth', authRoutes(deps));
  v1.route('/auth/oidc', oidcRoutes(deps));
  v1.route('/invitations', invitationRoutes(deps));
  // No Idempotency-Key on /me, as on /auth: its POSTs carry or answer credentials (passwords,
  // a TOTP secret, recovery codes), which are never stored.
  const me = signedInRouter(deps);
  me.route('/', meRoutes(deps));
  me.route('/', accountAuditRoutes(deps));
  me.route('/', identityRoutes(deps));
  if (routes.me) me.route('/', routes.me);
  v1.route('/me', me);
  const features = protectedRouter(deps);
  features.route('/', featureRoutes(deps));
  v1.route('/features', features);
  v1.route('/admin', featureFlagRoutes(deps));
  v1.route('/admin', queueControlRoutes(deps));
  v1.route('/admin', operatorAuditRoutes(deps));
  // Before the organizations' router (whose POSTs take Idempotency-Key): its answers carry
  // secrets, never stored; mounted on its own prefix, so its middleware meets no other route.
  const webhooks = signedInRouter(deps);
  webhooks.route('/', webhookRoutes(deps));
  v1.route('/orgs/:orgId/webhooks', webhooks);
  const orgs = protectedRouter(deps);
  orgs.route('/', orgRoutes(deps));
  orgs.route('/', ssoSettingsRoutes(deps));
  orgs.route('/', domainRoutes(deps));
  orgs.route('/', auditRoutes(deps));
  if (routes.organizations) orgs.route('/', routes.organizations);
  v1.route('/orgs', orgs);
  v1.route('/files', fileRoutes(deps));

  json.route('/v1', v1);
  json.route('/admin', adminRoutes(deps));
  return json;
}

/**
 * The api's Hono app: the shared base (health, metrics, errors), then `/api`: the product's
 * uploads (their own router and middleware: a streamed multipart body), then the JSON routes,
 * the platform's and the product's. Hono attaches
 * middleware by path and runs a request's matching handlers in the order they were added: the
 * upload's route is added before the JSON routes' middleware and answers, so none of that runs
 * for it — no path pattern or content type singles it out. Paths that match no route still meet
 * the JSON body limit (413 before 404).
 */
export function createApiApp<C extends ProductCatalog>(
  kit: KitParts,
  deps: ApiDeps,
  options: AppOptions,
  product: ApiProduct<C>,
  productConfig: ProductConfig<C>,
): Hono<ApiEnv> {
  const app = createBaseApp<ApiEnv>(kit);
  for (const middleware of apiMiddleware(options)) app.use('/api/*', middleware);
  app.route('/api', apiRoutes(deps, options, product, productConfig));
  return app;
}

/**
 * What `/api` serves: the product's uploads, the JSON routes (the platform's and the product's),
 * the document and its reference (and the demo page). Building it only wires handlers: `bun run
 * lint:api` builds it without a stack to read the document (tools/lint-api.ts).
 */
export function apiRoutes<C extends ProductCatalog>(
  deps: ApiDeps,
  options: AppOptions,
  product: ApiProduct<C>,
  productConfig: ProductConfig<C>,
) {
  const routes = product.routes({
    ...deps,
    // The deployment's flags: main.ts builds them from the product's catalogue.
    features: deps.features as ProductRouteDeps<C>['features'],
    config: productConfig,
  });
  const api = createRouter();
  if (routes.uploads) api.route('/v1/orgs', routes.uploads);
  api.route('/', jsonRoutes(deps, options, routes));
  mountDocs(api, product.tags);
  if (options.demo) mountDemo(api);
  return api;
}
