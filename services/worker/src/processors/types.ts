import type { JobData, JobName, QueueDeclaration } from '@insightdesk/shared/queues';

/** One function per job name of a queue, typed by the queue's declaration. */
export type Processors<Q extends QueueDeclaration> = {
  [N in JobName<Q>]: (data: JobData<Q, N>) => Promise<unknown>;
};
