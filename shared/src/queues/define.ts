import type { JobsOptions } from 'bullmq';
import type { z } from 'zod';

export type JobShape = Record<string, z.ZodType>;

export interface QueueDeclaration<J extends JobShape = JobShape> {
  readonly name: string;
  /** Job names and their payload schemas: producers and processors use the same ones. */
  readonly jobs: J;
  /** Retries with exponential backoff, and how long finished jobs are kept for inspection. */
  readonly defaults: JobsOptions;
  /**
   * Jobs someone is waiting for (an invitation, a password reset): they go ahead of the rest,
   * which share the queue fairly between organizations (see fair-share.ts).
   */
  readonly urgent?: readonly string[];
}

/** Declares a queue; `urgent` may only name its own jobs. */
export function defineQueue<J extends JobShape>(
  declaration: QueueDeclaration<J> & { readonly urgent?: readonly (keyof J & string)[] },
): QueueDeclaration<J> {
  return declaration;
}

/** Jobs a product adds to a queue the platform declares (its mail, its maintenance). */
export interface JobsDeclaration<J extends JobShape = JobShape> {
  readonly jobs: J;
  readonly urgent?: readonly string[];
}

/** Declares jobs for another's queue; `urgent` may only name these jobs. */
export function defineJobs<J extends JobShape>(
  declaration: JobsDeclaration<J> & { readonly urgent?: readonly (keyof J & string)[] },
): JobsDeclaration<J> {
  return declaration;
}

export type JobName<Q extends QueueDeclaration> = keyof Q['jobs'] & string;
export type JobData<Q extends QueueDeclaration, N extends JobName<Q>> = z.output<Q['jobs'][N]>;

/** Queues by name: the platform's, a product's, or a deployment's (both, merged). */
export type QueueCatalog = { readonly [name: string]: QueueDeclaration };
/** Jobs a product adds to the platform's queues, by queue name. */
export type JobExtensions = { readonly [queue: string]: JobsDeclaration };

/** The platform's queues with a product's jobs added, and the product's own queues. */
export type MergedQueues<
  P extends QueueCatalog,
  X extends JobExtensions,
  Q extends QueueCatalog,
> = {
  readonly [K in keyof P]: K extends keyof X ? QueueDeclaration<P[K]['jobs'] & X[K]['jobs']> : P[K];
} & Q;

/**
 * A deployment's queues: the platform's, each with the jobs the product adds to it, and the
 * product's own. A queue or job declared twice is refused (one owner each).
 */
export function mergeQueues<
  P extends QueueCatalog,
  X extends JobExtensions,
  Q extends QueueCatalog,
>(platform: P, extensions: X, own: Q): MergedQueues<P, X, Q> {
  const merged: Record<string, QueueDeclaration> = { ...platform };
  for (const [name, extra] of Object.entries(extensions)) {
    const queue = platform[name];
    if (!queue) throw new Error(`jobs added to an undeclared queue: ${name}`);
    const twice = Object.keys(extra.jobs).filter((job) => Object.hasOwn(queue.jobs, job));
    if (twice.length > 0) throw new Error(`jobs of ${name} declared twice: ${twice.join(', ')}`);
    merged[name] = {
      ...queue,
      jobs: { ...queue.jobs, ...extra.jobs },
      urgent: [...(queue.urgent ?? []), ...(extra.urgent ?? [])],
    };
  }
  for (const [name, queue] of Object.entries(own)) {
    if (Object.hasOwn(merged, name)) throw new Error(`queue declared twice: ${name}`);
    merged[name] = queue;
  }
  return merged as MergedQueues<P, X, Q>;
}

/** A BullMQ job scheduler: `job` of the maintenance queue every `every` ms. */
export interface Schedule {
  readonly id: string;
  readonly job: string;
  readonly every: number;
  /**
   * The release whose workers first run `job`: the schedule is declared once no worker of an
   * older release is alive (during a rolling upgrade those would be handed a job they do not
   * know). Absent: every release runs it.
   */
  readonly since?: string;
}
