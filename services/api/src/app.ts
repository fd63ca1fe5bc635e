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
  ModuleRoutes,
  ProductCatalog,
  ProductConfig,
  ProductRouteDeps,
} from '@insightdesk/shared/product';
import { createBaseApp, type KitParts } from '@insightdesk/shared/service';
import type { Hono, MiddlewareHandler } from 'hono';
import type { ApiDeps } from './deps';
import { platformApiModules } from './modules';
import { mountDemo } from './routes/demo';
import { mountDocs } from './routes/docs';

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
 * The api's layout: every prefix a module may mount routers under (a path under `/api`), once,
 * in the order the document lists their operations, with what guards it: `signed in` (an access
 * token and the user's budget), `protected` (that, and Idempotency-Key on POST), or nothing (each
 * route its own). A module's prefix the layout lacks stops the api at start.
 */
const LAYOUT: readonly { readonly prefix: string; readonly guard?: 'signed in' | 'protected' }[] = [
  { prefix: '/v1/auth' },
  { prefix: '/v1/auth/oidc' },
  { prefix: '/v1/invitations' },
  // No Idempotency-Key on /me, as on /auth: its POSTs carry or answer credentials (passwords,
  // a TOTP secret, recovery codes), which are never stored.
  { prefix: '/v1/me', guard: 'signed in' },
  { prefix: '/v1/features', guard: 'protected' },
  { prefix: '/v1/admin' },
  // Before the organizations' router (whose POSTs take Idempotency-Key): its answers carry
  // secrets, never stored; mounted on its own prefix, so its middleware meets no other route.
  { prefix: '/v1/orgs/:orgId/webhooks', guard: 'signed in' },
  { prefix: '/v1/orgs', guard: 'protected' },
  { prefix: '/v1/files' },
  { prefix: '/admin' },
];

/**
 * Every route whose body, if any, is JSON, behind the JSON body limit: each module's routers
 * under the prefixes of the layout, the platform's modules first, then the product's.
 */
function jsonRoutes(deps: ApiDeps, options: AppOptions, modules: readonly ModuleRoutes[]) {
  const unknown = modules
    .flatMap((routes) => Object.keys(routes))
    .filter((prefix) => !LAYOUT.some((place) => place.prefix === prefix));
  if (unknown.length > 0)
    throw new Error(`routes under no prefix of the api: ${unknown.join(', ')}`);
  const inV1 = (prefix: string) => prefix.startsWith('/v1/');
  const mount = (parent: ReturnType<typeof createRouter>, v1: boolean) => {
    for (const { prefix, guard } of LAYOUT.filter((place) => inV1(place.prefix) === v1)) {
      const routers = modules.flatMap((routes) => routes[prefix] ?? []);
      const path = v1 ? prefix.slice('/v1'.length) : prefix;
      if (!guard) for (const router of routers) parent.route(path, router);
      else if (routers.length > 0) {
        const guarded = guard === 'protected' ? protectedRouter(deps) : signedInRouter(deps);
        for (const router of routers) guarded.route('/', router);
        parent.route(path, guarded);
      }
    }
  };
  const json = createRouter();
  json.use('*', jsonBodyLimit(options.bodyLimitBytes));
  const v1 = createRouter();
  mount(v1, true);
  json.route('/v1', v1);
  // Then what lies beside /v1 (the operators' dashboard).
  mount(json, false);
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
  const modules = [
    ...platformApiModules.map((module) => module.routes(deps)),
    // The product is the last module: its routers under /me and /orgs.
    {
      ...(routes.me ? { '/v1/me': [routes.me] } : {}),
      ...(routes.organizations ? { '/v1/orgs': [routes.organizations] } : {}),
    },
  ];
  api.route('/', jsonRoutes(deps, options, modules));
  mountDocs(api, product.tags);
  if (options.demo) mountDemo(api);
  return api;
}
