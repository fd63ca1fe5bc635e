import { FlowProducer } from 'bullmq';
import type { Redis } from '../valkey';
import type { JobData, JobName, QueueDeclaration } from './define';
import { QUEUE_PREFIX } from './producer';

/** One job of a flow, by its queue's declaration: name and payload checked like `add`. */
export interface FlowJob<Q extends QueueDeclaration, N extends JobName<Q>> {
  readonly queue: Q;
  readonly name: N;
  readonly data: JobData<Q, N>;
  /** Derived from what the job is about: adding the same flow again adds nothing twice. */
  readonly jobId: string;
}

function validated<Q extends QueueDeclaration, N extends JobName<Q>>(job: FlowJob<Q, N>) {
  const schema = job.queue.jobs[job.name];
  if (!schema) throw new Error(`queue ${job.queue.name} has no job ${job.name}`);
  return {
    name: job.name,
    queueName: job.queue.name,
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
  const producer = new FlowProducer({ connection, prefix: QUEUE_PREFIX });
  return {
    async add<
      P extends QueueDeclaration,
      PN extends JobName<P>,
      C extends QueueDeclaration,
      CN extends JobName<C>,
    >(parent: FlowJob<P, PN>, children: readonly FlowJob<C, CN>[]) {
      return producer.add({
        ...validated(parent),
        children: children.map((child) => {
          const job = validated(child);
          return { ...job, opts: { ...job.opts, ignoreDependencyOnFailure: true } };
        }),
      });
    },
    close: () => producer.close(),
  };
}

export type Flows = ReturnType<typeof openFlows>;
