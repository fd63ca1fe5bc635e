import type { OpenAPIHono } from '@hono/zod-openapi';
import type { RouteDeps } from '../api/context';
import type { ApiEnv } from '../api/env';
import type { Executor } from '../db';
import type { Features } from '../features';
import type { FeatureFlag } from '../features/catalog';
import type { OrgScope } from '../tenancy';
import {
  type DeploymentCatalog,
  emptyCatalog,
  type ProductCatalog,
  type ProductConfig,
} from './catalog';

export type ProductRouter = OpenAPIHono<ApiEnv>;

/** Where the api mounts a product's routers (each built with the route kit, `@insightdesk/shared/api`). */
export interface ProductRoutes {
  /**
   * Routes with a streamed body (uploads): mounted at `/api/v1/orgs` before the JSON routes, so
   * none of their middleware runs; each route attaches its own (`signedIn`, `orgAccess`…).
   */
  readonly uploads?: ProductRouter;
  /** Behind `/api/v1/orgs`' protected router: an access token, the user's budget, Idempotency-Key on POST. */
  readonly organizations?: ProductRouter;
  /** Behind `/api/v1/me`'s signed-in router: an access token and the user's budget. */
  readonly me?: ProductRouter;
}

/**
 * What a module mounts in the api: its routers by prefix of the api's layout (a path under
 * `/api`, e.g. `/v1/orgs`; services/api/src/app.ts lists each prefix once, in the order the
 * document lists them, with its guard). A prefix's routers are mounted in the modules' order.
 */
export type ModuleRoutes = { readonly [prefix: string]: readonly ProductRouter[] };

/** A module's part in the api, built with what the api hands its modules (`D`). */
export interface ApiModule<D> {
  readonly name: string;
  routes(deps: D): ModuleRoutes;
}

/** What a stored file is, for the signed file URLs the api serves (local storage). */
export interface FileMeta {
  readonly contentType: string;
  readonly filename: string;
}

/**
 * What the api hands a product's routes: the route kit's dependencies, the deployment's flags by
 * name, and the product's configuration (its declared groups, loaded).
 */
export type ProductRouteDeps<C extends ProductCatalog> = RouteDeps & {
  readonly features: Features<FeatureFlag<DeploymentCatalog<C>['features']>>;
  readonly config: ProductConfig<C>;
};

/** A product's part in the api. */
export interface ApiProduct<C extends ProductCatalog = ProductCatalog> {
  readonly catalog: C;
  /** Its operations' tags in the OpenAPI document, in the order the reference lists them. */
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  routes(deps: ProductRouteDeps<C>): ProductRoutes;
  /** The file a signed URL names, if it is one the product stored (null: not its own). */
  fileMeta(db: Executor, key: string): Promise<FileMeta | null>;
  /**
   * A member left an organization (removed): what that means for the product's data, in the
   * removal's transaction (removal means removal: assignments, notifications…).
   */
  membershipEnded(tx: Executor, scope: OrgScope, userId: string): Promise<void>;
}

/** The api with no product: the platform's routes alone. */
export const emptyApiProduct: ApiProduct<typeof emptyCatalog> = {
  catalog: emptyCatalog,
  tags: [],
  routes: () => ({}),
  fileMeta: async () => null,
  membershipEnded: async () => {},
};
