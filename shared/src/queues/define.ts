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

export type JobName<Q extends QueueDeclaration> = keyof Q['jobs'] & string;
export type JobData<Q extends QueueDeclaration, N extends JobName<Q>> = z.output<Q['jobs'][N]>;
