import { auditWorker } from './audit';
import type { PlatformWorkerModule } from './deps';
import { mailWorker } from './mail';
import { queuesWorker } from './queues';
import { realtimeWorker } from './realtime';
import { ssoWorker } from './sso';
import { storageWorker } from './storage';
import { webhooksWorker } from './webhooks';

export { type PlatformWorkerModule, type WorkerModuleDeps, workerGroups } from './deps';

/**
 * The platform's modules with a part in the worker, in order: their effects run in this order for
 * an event (before the product's), their purges too.
 */
export const platformWorkerModules: readonly PlatformWorkerModule[] = [
  realtimeWorker,
  mailWorker,
  queuesWorker,
  webhooksWorker,
  auditWorker,
  storageWorker,
  ssoWorker,
];
