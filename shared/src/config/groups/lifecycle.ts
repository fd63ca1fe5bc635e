import { defineConfigGroup } from '../define';
import { integer } from '../variables';

export const lifecycleConfig = defineConfigGroup({
  env: {
    SHUTDOWN_TIMEOUT_MS: integer(0)
      .default(20_000)
      .describe('graceful shutdown deadline; past it the process exits with code 1'),
    SHUTDOWN_DRAIN_DELAY_MS: integer(0)
      .default(0)
      .describe('time between readiness turning 503 and closing listeners (probe period)'),
  },
  map: (e) => ({ timeoutMs: e.SHUTDOWN_TIMEOUT_MS, drainDelayMs: e.SHUTDOWN_DRAIN_DELAY_MS }),
});
