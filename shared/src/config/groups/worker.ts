import { defineConfigGroup } from '../define';
import { integer } from '../variables';

export const workerConfig = defineConfigGroup({
  env: {
    WORKER_CONCURRENCY: integer(1, 500).default(20).describe('jobs at once per queue'),
    QUEUE_LOCK_MS: integer(2000)
      .default(10_000)
      .describe('job lock; a job whose worker died runs again after about lock + stalled check'),
    QUEUE_STALLED_INTERVAL_MS: integer(1000)
      .default(5000)
      .describe('how often a worker looks for jobs whose worker died'),
    WATCHDOG_STALL_SECONDS: integer(10)
      .default(120)
      .describe('exit (to be restarted) when jobs wait and none was consumed for this long'),
  },
  map: (e) => ({
    concurrency: e.WORKER_CONCURRENCY,
    lockMs: e.QUEUE_LOCK_MS,
    stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
    watchdogStallSeconds: e.WATCHDOG_STALL_SECONDS,
  }),
});
