import { CannotSucceedError } from '../errors';
import type { JobData, JobName, QueueDeclaration } from './define';

/** What a processor may want to know about the attempt it runs. */
export interface Attempt {
  /**
   * No retry follows if this attempt fails: the place to record a lasting failure (and so is a
   * `CannotSucceedError` on any attempt: `failsForGood`).
   */
  readonly final: boolean;
  /**
   * How many times this job has been started, this run included: put-back runs
   * (`RetryLaterError`) count too, so a job that keeps finding its resource busy can wait longer.
   */
  readonly started: number;
}

/** One function per job name of a queue, typed by the queue's declaration. */
export type Processors<Q extends QueueDeclaration> = {
  [N in JobName<Q>]: (data: JobData<Q, N>, attempt: Attempt) => Promise<unknown>;
};

/** No retry follows `err`, thrown in `attempt`: its last attempt's, or work that cannot succeed. */
export const failsForGood = (attempt: Attempt, err: unknown): boolean =>
  attempt.final || err instanceof CannotSucceedError;
