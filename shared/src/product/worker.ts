import type { Database, Executor } from '../db';
import type { OutboxEffect } from '../events/effects';
import type { Logger } from '../logger';
import type { Mailer } from '../mail';
import type { Purge } from '../maintenance';
import type { Network } from '../net';
import type { PlatformQueues } from '../platform/modules';
import type { Attempt, Flows, Processors, QueueDeclaration, QueueHandles } from '../queues';
import type { MergedQueues } from '../queues/define';
import type { Storage } from '../storage';
import type { RecoveryStep, Redis } from '../valkey';
import { emptyCatalog, type ProductCatalog, type ProductConfig } from './catalog';

/** The queues a deployment of product `C` opens: the platform's with its jobs, and its own. */
export type DeploymentQueues<C extends ProductCatalog> = MergedQueues<
  PlatformQueues,
  C['jobs'],
  C['queues']
>;

/** What the worker hands a product's part. */
export interface WorkerProductDeps<C extends ProductCatalog> {
  readonly database: Database;
  readonly storage: Storage;
  /**
   * Where a job writes a file too large to hold before `storage.putFile` takes it (on the local
   * driver's filesystem, so that taking it is a rename: `scratchPath` names one).
   */
  readonly scratchDir: string;
  readonly mailer: Mailer;
  readonly valkey: Redis;
  /** Every queue of the deployment (a product's effects add jobs to them). */
  readonly queues: QueueHandles<DeploymentQueues<C>>;
  readonly flows: Flows;
  readonly logger: Logger;
  /** Links in mails. */
  readonly publicUrl: string;
  /** The key that signs mailed links (INVITATION_SECRET): a product derives its own from it. */
  readonly mailLinkSecret: string;
  /** Its configuration: its declared groups, loaded. */
  readonly config: ProductConfig<C>;
  /**
   * The SSRF guard's policy for a URL an organization entered (WEBHOOK_ALLOWED_*,
   * WEBHOOK_TIMEOUT_MS): a product fetches such URLs through the guard with it.
   */
  readonly urlGuard: {
    readonly allowedNetworks: readonly Network[];
    readonly allowedPorts: readonly number[];
    readonly timeoutMs: number;
  };
}

/** A processor for every job the product declares: of its own queues, and those it adds. */
export type ProductProcessors<C extends ProductCatalog> = {
  readonly [K in keyof C['queues']]: Processors<C['queues'][K]>;
} & {
  readonly [K in keyof C['jobs']]: Processors<QueueDeclaration<C['jobs'][K]['jobs']>>;
};

/** Work queued again after Valkey lost its data (see `WorkerParts.recoveries`). */
export interface WorkerRecovery {
  readonly name: string;
  run(step: RecoveryStep): Promise<number>;
}

/** Per user-channel event type, whether one is still to be delivered (`WorkerParts.stillDeliverable`). */
export type StillDeliverable = {
  readonly [type: string]: (data: never, tx: Executor) => Promise<boolean>;
};

/**
 * What a module adds to the worker: the shape of a product's part (`WorkerParts`), each field
 * optional. The worker's composition root starts each module in turn (the platform's, then the
 * product) and registers what they answer: processors by queue (gathered per queue; a job
 * without one stops the worker at start), effects in the modules' order, purges, recoveries.
 */
export interface WorkerModuleParts {
  /** By queue, by job: a module may process some jobs of a queue another declares. */
  readonly processors?: {
    readonly [queue: string]: {
      readonly [job: string]: (data: never, attempt: Attempt) => Promise<unknown>;
    };
  };
  readonly concurrency?: { readonly [queue: string]: number };
  readonly effects?: readonly OutboxEffect[];
  readonly purges?: readonly Purge[];
  readonly recoveries?: readonly WorkerRecovery[];
  readonly stillDeliverable?: StillDeliverable;
}

/** A module's part in the worker, started with what the worker hands its modules (`D`). */
export interface WorkerModule<D> {
  readonly name: string;
  start(deps: D): WorkerModuleParts;
}

export interface WorkerParts<C extends ProductCatalog> {
  readonly processors: ProductProcessors<C>;
  /** Jobs at once per worker for some of its queues (default: WORKER_CONCURRENCY). */
  readonly concurrency?: { readonly [queue: string]: number };
  /** What follows from its events (mail, jobs): registered after the platform's effects. */
  readonly effects: readonly OutboxEffect[];
  /** Its tables' purges, run by the platform's `purge` job after the platform's own. */
  readonly purges: readonly Purge[];
  /**
   * After Valkey lost its data: work whose intent its tables hold beyond the outbox's week (a
   * delayed job due later), queued again. Run after the schedules and before the outbox's
   * re-drive, each part through `step`; idempotent (its jobs' ids derive from what they are
   * about). Answers how many jobs it queued.
   */
  readonly recoveries?: readonly WorkerRecovery[];
  /**
   * For its user-channel events: whether one is still to be delivered when the relay gets to it
   * (a notification removed since it was recorded is not), in the relay's transaction.
   */
  readonly stillDeliverable?: StillDeliverable;
}

/** A product's part in the worker. */
export interface WorkerProduct<C extends ProductCatalog = ProductCatalog> {
  readonly catalog: C;
  start(deps: WorkerProductDeps<C>): WorkerParts<C>;
}

/** The worker with no product: the platform's queues, effects and purges alone. */
export const emptyWorkerProduct: WorkerProduct<typeof emptyCatalog> = {
  catalog: emptyCatalog,
  start: () => ({ processors: {}, effects: [], purges: [] }),
};
