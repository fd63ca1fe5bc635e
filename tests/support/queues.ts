import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import {
  openQueue,
  QUEUE_PREFIX,
  type QueueDeclaration,
  type QueueHandle,
} from '@insightdesk/shared/queues';
import { createValkey, type Redis } from '@insightdesk/shared/valkey';
import { type Job, type Queue, QueueEvents } from 'bullmq';
import { ROOT } from './stack';

const { url } = loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey;
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });

/** The stack's queues, as a producer sees them (real BullMQ on the real Valkey). */
export function queueClient<Q extends QueueDeclaration>(declaration: Q) {
  const connection: Redis = createValkey({ url, name: 'tests', kind: 'blocking', logger });
  const handle: QueueHandle<Q> = openQueue(declaration, connection);
  const queue: Queue = handle.queue;
  const events = new QueueEvents(declaration.name, {
    connection: createValkey({ url, name: 'tests-events', kind: 'blocking', logger }),
    prefix: QUEUE_PREFIX,
  });
  return {
    handle,
    queue,
    connection,
    /** The queue's events (completed, failed…), as they happen from now on. */
    events,
    finished: (job: Job, timeoutMs = 30_000) => job.waitUntilFinished(events, timeoutMs),
    async close() {
      await events.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
