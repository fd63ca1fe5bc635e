import { type Job, type JobsOptions, Queue } from 'bullmq';
import { activeTraceparent } from '../tracing';
import type { Redis } from '../valkey';
import type { JobData, JobName, QueueCatalog, QueueDeclaration } from './define';
import { fairShare, URGENT_PRIORITY } from './fair-share';

/**
 * BullMQ's key prefix on one server: the hash tag puts every queue in one slot. Kept as it was
 * so that an upgrade finds the jobs already queued under it (a one-node cluster enforces the key
 * rules with it too: tests/foundation/valkey-cluster.test.ts).
 */
export const QUEUE_PREFIX = '{insightdesk}:bull';

/**
 * BullMQ's key prefix of a queue. On a Valkey Cluster each queue gets a hash tag of its own
 * (`{insightdesk:<queue>}:bull`), so queues spread over the shards while every key of one queue
 * — which BullMQ's scripts touch together — shares a slot. A flow's jobs must then all be on one
 * queue (or share its tag): `openFlows` refuses a flow across tags.
 *
 * Moving to a cluster is moving to new servers: drain the old deployment's queues first (docs/
 * valkey-cluster.md); on one server nothing changes.
 */
export const queuePrefix = (queueName: string, connection: Redis): string =>
  connection.isCluster ? `{insightdesk:${queueName}}:bull` : QUEUE_PREFIX;

/** The key BullMQ keeps a queue's jobs of one state under (what an autoscaler counts). */
export const queueKey = (
  queueName: string,
  state: 'wait' | 'prioritized' | 'delayed',
  prefix: string = QUEUE_PREFIX,
) => `${prefix}:${queueName}:${state}`;

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
  const prefix = queuePrefix(declaration.name, connection);
  const queue = new Queue(declaration.name, {
    connection,
    prefix,
    defaultJobOptions: declaration.defaults,
  });
  const fair = fairShare(connection, declaration.name, prefix);
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
  fairShare(connection, queueName, queuePrefix(queueName, connection));
