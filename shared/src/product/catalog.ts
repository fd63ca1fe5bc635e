import type { AnyConfigGroup, ConfigGroups, ConfigOf } from '../config/define';
import { featuresConfig } from '../config/groups';
import { type MigrationSet, platformMigrations } from '../db/migrate';
import { type EventCatalog, mergeEventCatalogs } from '../events/define';
import { type FeatureCatalog, mergeFeatures, platformFeatures } from '../features/catalog';
import { platformConfigGroups } from '../platform/config';
import { platformEvents } from '../platform/events';
import { platformQueues, platformSchedules } from '../queues/catalog';
import {
  type JobExtensions,
  mergeQueues,
  type QueueCatalog,
  type Schedule,
} from '../queues/define';
import {
  type ClientEventCatalog,
  type ClientToServerEvents,
  type EphemeralCatalog,
  mergeClientEvents,
  platformClientEvents,
  type ServerToClientEvents,
} from '../realtime/socket-events';
import { type RoleDeclaration, roleLadder } from '../tenancy/roles';

/**
 * What a product declares to the platform, once, for every service: its events (schemas,
 * delivery, audiences), its members' roles, its queues and the jobs it adds to the platform's (mail, maintenance),
 * its schedules, its Socket.IO client events, its tables (their migrations), its configuration
 * groups and its feature flags. Each service's composition root merges it with
 * the platform's own (`deploymentCatalog`); the service parts of the product (its routes, its
 * processors and effects, its socket handlers: api.ts, worker.ts, ws.ts) are built on it.
 */
export interface ProductCatalog {
  /** For logs and docs. */
  readonly name: string;
  /**
   * Its members' roles below the platform's owner and admin, highest first, and what each sees
   * (tenancy/roles.ts): at least one.
   */
  readonly roles: readonly RoleDeclaration[];
  readonly events: EventCatalog;
  readonly queues: QueueCatalog;
  /** Jobs added to the platform's queues, by queue name (`email`, `maintenance`). */
  readonly jobs: JobExtensions;
  readonly schedules: readonly Schedule[];
  readonly clientEvents: ClientEventCatalog;
  /** What its socket handlers say to sockets without storing it (presence, typing…). */
  readonly ephemeralEvents: EphemeralCatalog;
  /** Its tables' migrations, run after the platform's (null: it has no tables). */
  readonly migrations: MigrationSet | null;
  /**
   * Its configuration groups (`defineConfigGroup`), by name: every service loads them beside the
   * platform's and hands its part the result, typed (`ProductConfig<C>`).
   */
  readonly config: ConfigGroups;
  /** Its feature flags (`defineFeatures`), switched like the platform's. */
  readonly features: FeatureCatalog;
}

/** What a product's parts read their configuration from: its groups, loaded and mapped. */
export type ProductConfig<C extends ProductCatalog> = ConfigOf<C['config']>;

export const defineProduct = <const C extends ProductCatalog>(catalog: C): C => catalog;

/** No product: the platform alone. */
export const emptyCatalog = defineProduct({
  name: 'none',
  roles: [{ name: 'member', sees: 'organization', about: 'a member of the organization' }],
  events: {},
  queues: {},
  jobs: {},
  schedules: [],
  clientEvents: {},
  ephemeralEvents: {},
  migrations: null,
  config: {},
  features: {},
});

const variablesOf = (groups: ConfigGroups) =>
  Object.values(groups).flatMap((group: AnyConfigGroup) => Object.keys(group.env));

/**
 * A product's config groups, checked against the platform's: a variable the platform declares
 * (or a flag's), or one two of its groups declare, is refused (one owner each).
 */
function productConfigGroups<G extends ConfigGroups>(groups: G, features: FeatureCatalog): G {
  const taken = new Set([
    ...variablesOf(platformConfigGroups),
    ...Object.values(features).map((f) => f.env),
  ]);
  const twice = new Set<string>();
  for (const variable of variablesOf(groups)) {
    if (taken.has(variable)) twice.add(variable);
    taken.add(variable);
  }
  if (twice.size > 0)
    throw new Error(`configuration variables declared twice: ${[...twice].join(', ')}`);
  return groups;
}

/**
 * A deployment's catalogue: the platform's declarations and its product's, merged. A name
 * declared by both is refused at start (one owner each).
 */
export function deploymentCatalog<C extends ProductCatalog>(product: C) {
  const features = mergeFeatures(platformFeatures, product.features as C['features']);
  return {
    product: product.name,
    roles: roleLadder(product.roles),
    events: mergeEventCatalogs(platformEvents, product.events as C['events']),
    queues: mergeQueues(platformQueues, product.jobs as C['jobs'], product.queues as C['queues']),
    schedules: [...platformSchedules, ...product.schedules],
    clientEvents: mergeClientEvents(
      platformClientEvents,
      product.clientEvents as C['clientEvents'],
    ),
    ephemeralEvents: product.ephemeralEvents as C['ephemeralEvents'],
    migrations: [platformMigrations, ...(product.migrations ? [product.migrations] : [])],
    features,
    /** The product's config groups (each service loads them beside its own: `createServiceKit`). */
    config: productConfigGroups(product.config as C['config'], features),
  };
}

/**
 * The variables of a deployment by layer, for its documentation (`.env.example`, the
 * configuration table): the platform's groups, then the product's with its flags' defaults.
 */
export function configLayers<C extends ProductCatalog>(product: C) {
  const deployment = deploymentCatalog(product);
  return [
    { layer: 'platform', groups: platformConfigGroups as ConfigGroups },
    {
      layer: `product (${product.name})`,
      groups: {
        ...deployment.config,
        'feature flags': featuresConfig(product.features),
      } as ConfigGroups,
    },
  ] as const;
}

export type DeploymentCatalog<C extends ProductCatalog> = ReturnType<typeof deploymentCatalog<C>>;

/** The Socket.IO event maps of a deployment of product `C` (what its clients are typed with). */
export type DeploymentServerToClientEvents<C extends ProductCatalog> = ServerToClientEvents<
  DeploymentCatalog<C>['events'],
  C['ephemeralEvents']
>;
export type DeploymentClientToServerEvents<C extends ProductCatalog> = ClientToServerEvents<
  DeploymentCatalog<C>['clientEvents']
>;
