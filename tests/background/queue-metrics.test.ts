import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createLogger } from '@insightdesk/shared/logger';
import { createMetrics } from '@insightdesk/shared/monitoring';
import {
  defineQueue,
  oldestRunnableSince,
  openQueue,
  type QueueHandle,
  registerQueueMetrics,
} from '@insightdesk/shared/queues';
import {
  closeValkey,
  createValkey,
  EPOCH_KEY,
  type Redis,
  registerEpochMetrics,
} from '@insightdesk/shared/valkey';
import { z } from 'zod';
import { eventually, startValkeyServer } from '../support/stack';

// What /metrics says of the queues and of Valkey's epoch, read from a Valkey of the test's own
// (jobs added and held without any worker, the epoch key set and removed).

const logger = createLogger({
  service: 'test',
  instance: 'queue-metrics',
  level: 'warn',
  format: 'json',
});
const declaration = defineQueue({
  name: 'metrics-probe',
  jobs: { work: z.object({ n: z.number() }) },
  defaults: { removeOnComplete: true },
});

let server: ReturnType<typeof startValkeyServer>;
let valkey: Redis;
let handle: QueueHandle;

beforeAll(async () => {
  server = startValkeyServer('queue-metrics');
  valkey = createValkey({ url: server.url, name: 'queue-metrics', kind: 'blocking', logger });
  await eventually(() => valkey.ping(), 5000);
  handle = openQueue(declaration, valkey);
});

afterAll(async () => {
  await handle.close();
  await closeValkey(valkey);
  await server.stop();
});

type Registry = ReturnType<typeof createMetrics>['registry'];
const metric = async (registry: Registry, line: RegExp) => {
  const text = await registry.metrics();
  // Without the default labels every series of the registry carries.
  return text
    .split('\n')
    .map((l) => l.replace(/,?service="test",instance="queue-metrics"/, '').replace('{}', ''))
    .find((l) => line.test(l));
};

describe('the oldest runnable job of a queue', () => {
  test('none while the queue is empty, or holds only jobs whose delay is not over', async () => {
    expect(await oldestRunnableSince(valkey, handle.queue, Date.now())).toBeNull();
    await handle.add('work', { n: 1 }, { delay: 60_000 });
    expect(await oldestRunnableSince(valkey, handle.queue, Date.now())).toBeNull();
    await handle.queue.obliterate({ force: true });
  });

  test('a waiting job, a prioritized one, and a delayed one that fell due with no worker to move it', async () => {
    const before = Date.now();
    const waiting = await handle.add('work', { n: 2 });
    const since = await oldestRunnableSince(valkey, handle.queue, Date.now());
    expect(since).toBe(waiting.timestamp);
    expect(since).toBeGreaterThanOrEqual(before);

    await handle.queue.obliterate({ force: true });
    const prioritized = await handle.add('work', { n: 3 }, { priority: 7 });
    await Bun.sleep(20);
    await handle.add('work', { n: 4 });
    expect(await oldestRunnableSince(valkey, handle.queue, Date.now())).toBe(prioritized.timestamp);

    await handle.queue.obliterate({ force: true });
    const delayed = await handle.add('work', { n: 5 }, { delay: 150 });
    expect(await oldestRunnableSince(valkey, handle.queue, Date.now())).toBeNull();
    await Bun.sleep(400);
    // Still in the delayed set (no worker promotes it), runnable since it fell due.
    expect(await handle.queue.getDelayedCount()).toBe(1);
    expect(await oldestRunnableSince(valkey, handle.queue, Date.now())).toBe(
      delayed.timestamp + 150,
    );
    await handle.queue.obliterate({ force: true });
  });

  test('on /metrics: the age in seconds, the depth by state, and whether an operator paused it', async () => {
    const { registry } = createMetrics({ service: 'test', instance: 'queue-metrics' });
    registerQueueMetrics(registry, [handle], valkey);
    expect(
      await metric(registry, /^queue_oldest_runnable_age_seconds\{queue="metrics-probe"\}/),
    ).toBe('queue_oldest_runnable_age_seconds{queue="metrics-probe"} 0');
    await handle.add('work', { n: 6 });
    await Bun.sleep(1100);
    const age = await metric(
      registry,
      /^queue_oldest_runnable_age_seconds\{queue="metrics-probe"\}/,
    );
    expect(Number(age?.split(' ')[1])).toBeGreaterThanOrEqual(1);
    expect(await metric(registry, /^queue_jobs\{queue="metrics-probe",state="wait"\}/)).toBe(
      'queue_jobs{queue="metrics-probe",state="wait"} 1',
    );
    expect(await metric(registry, /^queue_paused\{/)).toBe('queue_paused{queue="metrics-probe"} 0');
    await handle.queue.pause();
    expect(await metric(registry, /^queue_paused\{/)).toBe('queue_paused{queue="metrics-probe"} 1');
    await handle.queue.resume();
    await handle.queue.obliterate({ force: true });
  });
});

describe("Valkey's epoch on /metrics", () => {
  test('when the current epoch started, and whether its recovery is pending; a lost key shows', async () => {
    const { registry } = createMetrics({ service: 'test', instance: 'queue-metrics' });
    registerEpochMetrics(registry, valkey);
    await valkey.set(EPOCH_KEY, 'pending 1700000000000-0a1b2c3d');
    expect(await metric(registry, /^valkey_epoch_started_timestamp_seconds /)).toBe(
      'valkey_epoch_started_timestamp_seconds 1700000000',
    );
    expect(await metric(registry, /^valkey_epoch_recovery_pending /)).toBe(
      'valkey_epoch_recovery_pending 1',
    );
    await valkey.set(EPOCH_KEY, 'done 1700000000000-0a1b2c3d');
    expect(await metric(registry, /^valkey_epoch_recovery_pending /)).toBe(
      'valkey_epoch_recovery_pending 0',
    );
    // The data lost: no epoch (0) until a worker starts the next one, and work to recover.
    await valkey.flushall();
    expect(await metric(registry, /^valkey_epoch_started_timestamp_seconds /)).toBe(
      'valkey_epoch_started_timestamp_seconds 0',
    );
    expect(await metric(registry, /^valkey_epoch_recovery_pending /)).toBe(
      'valkey_epoch_recovery_pending 1',
    );
    await valkey.set(EPOCH_KEY, 'pending 1700000600000-99887766');
    expect(await metric(registry, /^valkey_epoch_started_timestamp_seconds /)).toBe(
      'valkey_epoch_started_timestamp_seconds 1700000600',
    );
  });
});
