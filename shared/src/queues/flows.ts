import { FlowProducer } from 'bullmq';
import type { Redis } from '../valkey';
import type { JobData, JobName, QueueDeclaration } from './define';
import { queuePrefix } from './producer';

/** One job of a flow, by its queue's declaration: name and payload checked like `add`. */
export interface FlowJob<Q extends QueueDeclaration, N extends JobName<Q>> {
  readonly queue: Q;
  readonly name: N;
  readonly data: JobData<Q, N>;
  /** Derived from what the job is about: adding the same flow again adds nothing twice. */
  readonly jobId: string;
}

function validated<Q extends QueueDeclaration, N extends JobName<Q>>(
  job: FlowJob<Q, N>,
  connection: Redis,
) {
  const schema = job.queue.jobs[job.name];
  if (!schema) throw new Error(`queue ${job.queue.name} has no job ${job.name}`);
  return {
    name: job.name,
    queueName: job.queue.name,
    prefix: queuePrefix(job.queue.name, connection),
    data: schema.parse(job.data),
    opts: { ...job.queue.defaults, jobId: job.jobId },
  };
}

/**
 * BullMQ flows (a parent that runs once all its children are done), with the same checks as a
 * queue handle's `add`. A child that fails for good does not leave its parent waiting forever:
 * the parent runs anyway and finds what the child did not produce (so it can record the failure).
 */
export function openFlows(connection: Redis) {
  const producer = new FlowProducer({ connection });
  return {
    async add<
      P extends QueueDeclaration,
      PN extends JobName<P>,
      C extends QueueDeclaration,
      CN extends JobName<C>,
    >(parent: FlowJob<P, PN>, children: readonly FlowJob<C, CN>[]) {
      const root = validated(parent, connection);
      const jobs = children.map((child) => validated(child, connection));
      // BullMQ adds a flow in one MULTI, and a child's completion moves its parent: on a
      // cluster, all of them in one slot.
      const apart = jobs.find((job) => job.prefix !== root.prefix);
      if (apart)
        throw new Error(
          `flow of ${root.queueName} with a child on ${apart.queueName}: not in one slot (queuePrefix)`,
        );
      return producer.add({
        ...root,
        children: jobs.map((job) => ({
          ...job,
          opts: { ...job.opts, ignoreDependencyOnFailure: true },
        })),
      });
    },
    close: () => producer.close(),
  };
}

export type Flows = ReturnType<typeof openFlows>;
