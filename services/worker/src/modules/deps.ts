import { oidcConfig } from '@insightdesk/shared/auth';
import {
  authConfig,
  dbConfig,
  encryptionConfig,
  httpConfig,
  mailConfig,
  realtimeConfig,
  storageConfig,
  valkeyConfig,
  workerConfig,
} from '@insightdesk/shared/config';
import type { Database } from '@insightdesk/shared/db';
import type { EventCatalog } from '@insightdesk/shared/events';
import type { Logger } from '@insightdesk/shared/logger';
import type { Mailer } from '@insightdesk/shared/mail';
import type { Purge } from '@insightdesk/shared/maintenance';
import type { PlatformQueues } from '@insightdesk/shared/platform';
import type { StillDeliverable, WorkerModule } from '@insightdesk/shared/product';
import type { QueueHandles } from '@insightdesk/shared/queues';
import type { ServiceKit } from '@insightdesk/shared/service';
import type { Redis } from '@insightdesk/shared/valkey';
import { webhookConfig } from '@insightdesk/shared/webhooks';
import type { Registry } from 'prom-client';

/** The worker's config groups (with the deployment's flags: `features`, main.ts). */
export const workerGroups = {
  http: httpConfig,
  db: dbConfig,
  valkey: valkeyConfig,
  realtime: realtimeConfig,
  mail: mailConfig,
  storage: storageConfig,
  worker: workerConfig,
  auth: authConfig,
  encryption: encryptionConfig,
  webhooks: webhookConfig,
  oidc: oidcConfig,
};

/** What the worker hands each of the platform's modules (main.ts builds it once). */
export interface WorkerModuleDeps {
  readonly config: ServiceKit<typeof workerGroups>['config'];
  readonly database: Database;
  /** Commands to the queue store. */
  readonly valkey: Redis;
  readonly queues: QueueHandles<PlatformQueues>;
  readonly mailer: Mailer;
  /** The deployment's events (the platform's and the product's). */
  readonly events: EventCatalog;
  /** The product's configuration, for its events' `clientData`. */
  readonly productConfig: unknown;
  /** Where jobs write files before storage takes them (storage's `scratchDir`). */
  readonly scratchDir: string;
  readonly registry: Registry;
  readonly logger: Logger;
  /**
   * What every module answered, merged: read when a job or an effect runs, never in `start`
   * (the modules after this one have not started yet).
   */
  gathered(): {
    readonly purges: readonly Purge[];
    readonly stillDeliverable: StillDeliverable;
  };
}

/** One of the platform's modules, in the worker. */
export type PlatformWorkerModule = WorkerModule<WorkerModuleDeps>;
