import type { ConfigGroups, ConfigOf } from '../config/define';
import { featuresConfig } from '../config/groups';
import type { MigrationSet } from '../db/migrate';
import type { EventCatalog } from '../events/define';
import type { FeatureCatalog } from '../features/catalog';
import { type ModuleCatalog, mergeModules } from '../modules/define';
import { platformConfigGroups } from '../platform/config';
import type { PlatformEvents } from '../platform/events';
import {
  type PlatformClientEvents,
  type PlatformFeatures,
  type PlatformQueues,
  platformModules,
} from '../platform/modules';
import type { JobExtensions, MergedQueues, QueueCatalog, Schedule } from '../queues/define';
import type {
  ClientEventCatalog,
  ClientToServerEvents,
  EphemeralCatalog,
  ServerToClientEvents,
} from '../realtime/socket-events';
import { type RoleDeclaration, roleLadder } from '../tenancy/roles';

/**
 * What a product declares to the platform, once, for every service: its events (schemas,
 * delivery, audiences), its members' roles, its queues and the jobs it adds to the platform's (mail, maintenance),
 * its schedules, its Socket.IO client events, its tables (their migrations), its configuration
 * groups and its feature flags. It is one more module (`ModuleCatalog`, every field declared):
 * each service's composition root merges it after the platform's modules
 * (`deploymentCatalog`); the service parts of the product (its routes, its processors and effects,
 * its socket handlers: api.ts, worker.ts, ws.ts) are built on it.
 */
export interface ProductCatalog extends ModuleCatalog {
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

/**
 * A deployment's catalogue: the platform's modules and its product, merged in that order
 * (`mergeModules`). A name declared twice is refused at start (one owner each).
 */
export function deploymentCatalog<C extends ProductCatalog>(product: C) {
  const merged = mergeModules([...platformModules, product]);
  return {
    product: product.name,
    roles: roleLadder(product.roles),
    events: merged.events as PlatformEvents & C['events'],
    queues: merged.queues as MergedQueues<PlatformQueues, C['jobs'], C['queues']>,
    schedules: merged.schedules,
    clientEvents: merged.clientEvents as PlatformClientEvents & C['clientEvents'],
    ephemeralEvents: product.ephemeralEvents as C['ephemeralEvents'],
    migrations: merged.migrations,
    features: merged.features as PlatformFeatures & C['features'],
    /** Every encrypted column (what the key rotation re-encrypts). */
    encryptedColumns: merged.encryptedColumns,
    /** The product's config groups (each service loads them beside its own: `createServiceKit`). */
    config: product.config as C['config'],
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
