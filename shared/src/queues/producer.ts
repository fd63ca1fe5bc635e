import { type JobsOptions, Queue } from 'bullmq';
import type { Redis } from '../valkey';
import type { JobData, JobName, QueueDeclaration } from './define';

export const QUEUE_PREFIX = 'insightdesk:bull';

/** A BullMQ queue for a declaration, with its defaults. */
export function openQueue(declaration: QueueDeclaration, connection: Redis): Queue {
  return new Queue(declaration.name, {
    connection,
    prefix: QUEUE_PREFIX,
    defaultJobOptions: declaration.defaults,
  });
}

/**
 * Adds a job after validating its payload against the declaration. A `jobId` makes it
 * idempotent: adding the same id again while the job is kept does nothing.
 */
export async function enqueue<Q extends QueueDeclaration, N extends JobName<Q>>(
  queue: Queue,
  declaration: Q,
  name: N,
  data: JobData<Q, N>,
  options: JobsOptions = {},
) {
  const schema = declaration.jobs[name];
  if (!schema) throw new Error(`queue ${declaration.name} has no job ${name}`);
  return queue.add(name, schema.parse(data), options);
}
