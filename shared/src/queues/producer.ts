import { type Job, type JobsOptions, Queue } from 'bullmq';
import { activeTraceparent } from '../tracing';
import type { Redis } from '../valkey';
import type { JobData, JobName, QueueCatalog, QueueDeclaration } from './define';
import { fairShare, URGENT_PRIORITY } from './fair-share';

/**
 * BullMQ's key prefix. The hash tag puts every queue key in one slot, as BullMQ requires on a
 * Redis/Valkey Cluster (its scripts touch several keys of a queue, flows several queues).
 * Changing it strands the jobs under the old prefix: drain the queues before upgrading.
 */
export const QUEUE_PREFIX = '{insightdesk}:bull';

/** The key BullMQ keeps a queue's jobs of one state under (what an autoscaler counts). */
export const queueKey = (queueName: string, state: 'wait' | 'prioritized' | 'delayed') =>
  `${QUEUE_PREFIX}:${queueName}:${state}`;

/** What decides a job's place in the queue. */
export interface Scheduling {
  /**
   * Fair share between organizations (and urgent jobs first) when it returns true; plain FIFO
   * otherwise. Read at every add: the `fair-queues` feature flag switches it while running.
   */
  readonly fair: () => boolean;
}

/** A queue with its declaration: jobs are added by name, their payloads checked by the compiler and by zod. */
export interface QueueHandle<Q extends QueueDeclaration = QueueDeclaration> {
  readonly declaration: Q;
  /** BullMQ's queue, for what concerns the queue as a whole (counts, pause, dashboards). */
  readonly queue: Queue;
  /**
   * Adds a job after validating its payload. A `jobId` makes it idempotent: adding the same id
   * again while the job is kept does nothing. `group` (an organization id) is its fair-share group.
   */
  add<N extends JobName<Q>>(
    name: N,
    data: JobData<Q, N>,
    options?: JobsOptions & { group?: string },
  ): Promise<Job>;
  close(): Promise<void>;
}

export function openQueue<Q extends QueueDeclaration>(
  declaration: Q,
  connection: Redis,
  scheduling: Scheduling = { fair: () => false },
): QueueHandle<Q> {
  const queue = new Queue(declaration.name, {
    connection,
    prefix: QUEUE_PREFIX,
    defaultJobOptions: declaration.defaults,
  });
  const fair = fairShare(connection, declaration.name, QUEUE_PREFIX);
  const urgent = new Set<string>(declaration.urgent ?? []);
  return {
    declaration,
    queue,
    async add(name, data, options = {}) {
      const schema = declaration.jobs[name];
      if (!schema) throw new Error(`queue ${declaration.name} has no job ${name}`);
      const { group, ...jobOptions } = options;
      let priority: number | undefined;
      if (scheduling.fair()) {
        priority = urgent.has(name) ? URGENT_PRIORITY : await fair.tag(group ?? 'platform');
      }
      // The adding span's context travels in BullMQ's own field for it (kept with the job).
      const traceParent = activeTraceparent();
      return queue.add(name, schema.parse(data), {
        ...jobOptions,
        ...(priority === undefined ? {} : { priority }),
        ...(traceParent ? { telemetry: { metadata: traceParent } } : {}),
      });
    },
    close: () => queue.close(),
  };
}

export type QueueHandles<C extends QueueCatalog = QueueCatalog> = {
  readonly [K in keyof C]: QueueHandle<C[K]>;
};

/** Every queue of a catalogue, opened on one connection: the one place services open them. */
export function openQueues<C extends QueueCatalog>(
  connection: Redis,
  catalog: C,
  scheduling?: Scheduling,
): QueueHandles<C> {
  return Object.fromEntries(
    Object.entries(catalog).map(([key, q]) => [key, openQueue(q, connection, scheduling)]),
  ) as QueueHandles<C>;
}

/** The handles as a list (closing them, counting their jobs). */
export const queueList = (handles: QueueHandles): QueueHandle[] => Object.values(handles);

/** The consumer's half of fair share: a started job moves its queue's clock on. */
export const fairShareClock = (connection: Redis, queueName: string) =>
  fairShare(connection, queueName, QUEUE_PREFIX);
