import { Gauge, type Registry } from 'prom-client';
import type { Redis } from '../valkey';
import { luaScript, runScript } from '../valkey/scripts';
import type { QueueHandle } from './producer';

const OLDEST_RUNNABLE = luaScript(
  'insightdeskOldestRunnable',
  new URL('./oldest-runnable.lua', import.meta.url),
  3,
);
/** Prioritized jobs looked at per queue and scrape (the ones a worker would take first). */
const PRIORITIZED_SAMPLE = 50;

/**
 * What operators watch of each queue, read from Valkey at every scrape by any process holding
 * the queues (the api and the workers: the figures stay when every worker is gone, which is
 * when they matter most):
 * - `queue_jobs{queue,state}`: jobs waiting, prioritized, active, delayed and failed;
 * - `queue_oldest_runnable_age_seconds{queue}`: how long the oldest job that could run now has
 *   waited (0 when none): depth says how much, age says whether anything moves;
 * - `queue_paused{queue}`: 1 while an operator holds the queue (its jobs wait on purpose).
 * Labels are the queues' names only.
 */
export function registerQueueMetrics(
  registry: Registry,
  queues: readonly QueueHandle[],
  /** The connection the queues were opened on. */
  connection: Redis,
): void {
  new Gauge({
    name: 'queue_jobs',
    help: 'Jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      for (const { queue } of queues) {
        const counts = await queue
          .getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed')
          .catch(() => null);
        if (!counts) continue;
        for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
      }
    },
  });
  new Gauge({
    name: 'queue_oldest_runnable_age_seconds',
    help: 'Seconds the oldest job that could run now has been waiting, by queue (0: none)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const now = Date.now();
      for (const { queue } of queues) {
        const since = await oldestRunnableSince(connection, queue, now).catch(() => undefined);
        if (since === undefined) continue;
        this.set({ queue: queue.name }, since === null ? 0 : Math.max(0, (now - since) / 1000));
      }
    },
  });
  new Gauge({
    name: 'queue_paused',
    help: 'Whether an operator paused the queue (1) or not (0)',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      for (const { queue } of queues) {
        const paused = await queue.isPaused().catch(() => undefined);
        if (paused !== undefined) this.set({ queue: queue.name }, paused ? 1 : 0);
      }
    },
  });
}

type BullQueue = QueueHandle['queue'];

/** When the oldest runnable job of `queue` became runnable (ms), or null when none is. */
export async function oldestRunnableSince(
  connection: Redis,
  queue: BullQueue,
  now: number,
): Promise<number | null> {
  const { keys } = queue;
  const since = Number(
    await runScript(
      connection,
      OLDEST_RUNNABLE,
      [keys.wait ?? '', keys.prioritized ?? '', keys.delayed ?? ''],
      [queue.toKey(''), now, PRIORITIZED_SAMPLE],
    ),
  );
  return since < 0 ? null : since;
}
