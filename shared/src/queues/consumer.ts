import type { Job } from 'bullmq';
import type { JobData, JobName, QueueDeclaration } from './define';

/** What a processor may want to know about the attempt it runs. */
export interface Attempt {
  /** No retry follows if this attempt fails: the place to record a lasting failure. */
  readonly final: boolean;
}

/** One function per job name of a queue, typed by the queue's declaration. */
export type Processors<Q extends QueueDeclaration> = {
  [N in JobName<Q>]: (data: JobData<Q, N>, attempt: Attempt) => Promise<unknown>;
};

/** A queue's processors, checked against its declaration by the compiler (see `consumer`). */
export interface Consumer {
  readonly queue: string;
  /** Jobs of this queue at once (default: the worker's concurrency). */
  readonly concurrency?: number;
  /** Validates the job's payload against its declaration and runs its processor. */
  run(job: Job, attempt: Attempt): Promise<unknown>;
}

/** One queue's consumer: `Processors<Q>` makes the compiler ask for every job of the declaration. */
export function consumer<Q extends QueueDeclaration>(
  declaration: Q,
  processors: Processors<Q>,
  options: { concurrency?: number } = {},
): Consumer {
  return {
    queue: declaration.name,
    ...options,
    run(job, attempt) {
      const name = job.name as JobName<Q>;
      const schema = declaration.jobs[name];
      const processor = processors[name];
      if (!schema || !processor) throw new Error(`unknown job ${declaration.name}/${job.name}`);
      // The payload was parsed with this name's own schema: it is this name's data.
      return processor(schema.parse(job.data) as Parameters<typeof processor>[0], attempt);
    },
  };
}

type AnyProcessors = {
  readonly [job: string]: (data: never, attempt: Attempt) => Promise<unknown>;
};

/**
 * A consumer for every queue of a deployment, its processors gathered from each part that
 * declares jobs on it (the platform, the product): a job without a processor is refused at start,
 * as the compiler refuses it within each part.
 */
export function consumersFor(
  catalog: { readonly [queue: string]: QueueDeclaration },
  parts: readonly { readonly [queue: string]: AnyProcessors }[],
  concurrency: { readonly [queue: string]: number } = {},
): Consumer[] {
  return Object.entries(catalog).map(([key, declaration]) => {
    const processors = Object.assign({}, ...parts.map((part) => part[key] ?? {}));
    const missing = Object.keys(declaration.jobs).filter((job) => !processors[job]);
    if (missing.length > 0)
      throw new Error(`no processor for ${declaration.name}: ${missing.join(', ')}`);
    const options = concurrency[key] === undefined ? {} : { concurrency: concurrency[key] };
    return consumer(declaration, processors as Processors<QueueDeclaration>, options);
  });
}
