import { type MigrationSet, platformMigrations } from '../db/migrate';
import { type EventCatalog, mergeEventCatalogs } from '../events/define';
import { platformEvents } from '../events/platform';
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

/**
 * What a product declares to the platform, once, for every service: its events (schemas,
 * delivery, audiences), its queues and the jobs it adds to the platform's (mail, maintenance),
 * its schedules, its Socket.IO client events and its tables (their migrations). Each service's composition root merges it with
 * the platform's own (`deploymentCatalog`); the service parts of the product (its routes, its
 * processors and effects, its socket handlers: api.ts, worker.ts, ws.ts) are built on it.
 */
export interface ProductCatalog {
  /** For logs and docs. */
  readonly name: string;
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
}

export const defineProduct = <const C extends ProductCatalog>(catalog: C): C => catalog;

/** No product: the platform alone. */
export const emptyCatalog = defineProduct({
  name: 'none',
  events: {},
  queues: {},
  jobs: {},
  schedules: [],
  clientEvents: {},
  ephemeralEvents: {},
  migrations: null,
});

/**
 * A deployment's catalogue: the platform's declarations and its product's, merged. A name
 * declared by both is refused at start (one owner each).
 */
export function deploymentCatalog<C extends ProductCatalog>(product: C) {
  return {
    product: product.name,
    events: mergeEventCatalogs(platformEvents, product.events as C['events']),
    queues: mergeQueues(platformQueues, product.jobs as C['jobs'], product.queues as C['queues']),
    schedules: [...platformSchedules, ...product.schedules],
    clientEvents: mergeClientEvents(
      platformClientEvents,
      product.clientEvents as C['clientEvents'],
    ),
    ephemeralEvents: product.ephemeralEvents as C['ephemeralEvents'],
    migrations: [platformMigrations, ...(product.migrations ? [product.migrations] : [])],
  };
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
