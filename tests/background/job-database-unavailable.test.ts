import { afterAll, expect, test } from 'bun:test';
import { createLogger } from '@insightdesk/shared/logger';
import { createMetrics } from '@insightdesk/shared/monitoring';
import { queuePrefix } from '@insightdesk/shared/queues';
import { createTracing } from '@insightdesk/shared/tracing';
import { closeValkey, createValkey } from '@insightdesk/shared/valkey';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { startConsumers } from '../../services/worker/src/consumers';
import { eventually, startValkeyServer } from '../support/stack';

// A job that fails for the database's sake (its connection closed under a failover: postgres.js's
// CONNECTION_CLOSED) waits for the database without spending an attempt — every job is
// idempotent, and a failover must not use up the attempts of the jobs it met. Any other failure
// still spends one. The worker's consumers, on a Valkey of the test's own.

const valkey = startValkeyServer('jobs-db-unavailable', ['--maxmemory-policy', 'noeviction']);
const logger = createLogger({ service: 'test', instance: 'jobs', level: 'silent', format: 'json' });
const connection = createValkey({ url: valkey.url, name: 'jobs', kind: 'blocking', logger });
const QUEUE = 'db-unavailable';
const runs = new Map<string, number>();

const consumers = startConsumers({
  consumers: [
    {
      queue: QUEUE,
      async run(job: Job) {
        const n = (runs.get(job.name) ?? 0) + 1;
        runs.set(job.name, n);
        if (n <= 2) {
          const code = job.name === 'failover' ? 'CONNECTION_CLOSED' : 'SOMETHING_ELSE';
          throw Object.assign(new Error(`write ${code}`), { code });
        }
        return 'done';
      },
    },
  ],
  connection,
  instance: 'test-worker',
  settings: { concurrency: 2, lockMs: 10_000, stalledIntervalMs: 5000, watchdogStallSeconds: 600 },
  logger,
  registry: createMetrics({ service: 'test', instance: 'jobs' }).registry,
  queues: [],
  onStalled: () => undefined,
  tracing: createTracing({ endpoint: undefined, service: 'test', instance: 'jobs' }),
});
const queue = new Queue(QUEUE, { connection, prefix: queuePrefix(QUEUE, connection) });
const events = new QueueEvents(QUEUE, {
  connection: connection.duplicate(),
  prefix: queuePrefix(QUEUE, connection),
});

afterAll(async () => {
  await consumers.close();
  await Promise.all([queue.close(), events.close()]);
  await closeValkey(connection);
  await valkey.stop();
});

test('a job that met the database away waits for it without spending its one attempt; another failure spends it', async () => {
  await events.waitUntilReady();
  const failover = await queue.add('failover', {}, { attempts: 1 });
  const other = await queue.add('other', {}, { attempts: 1 });
  expect(await failover.waitUntilFinished(events, 30_000)).toBe('done');
  expect(runs.get('failover')).toBe(3);
  await eventually(async () => (await queue.getJob(other.id as string))?.failedReason, 10_000);
  expect(await (await queue.getJob(other.id as string))?.getState()).toBe('failed');
  expect(runs.get('other')).toBe(1);
}, 60_000);
