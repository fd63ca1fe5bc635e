import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { stackDefault } from '../local-stack';
import { integer } from '../variables';

/**
 * Valkey by store. The queue store holds what must not be lost (run it with noeviction and AOF):
 * BullMQ's queues, the organizations' event streams, presence, the Socket.IO adapter's pub/sub,
 * the ws session registry and the session-ended channel. The cache store holds what may be
 * evicted: the cache and its invalidations, rate-limit and login-throttle counters, heartbeats.
 */
export const valkeyConfig = defineConfigGroup({
  env: {
    VALKEY_URL: z
      .url()
      .describe(
        'redis:// or rediss:// URL of Valkey (or Redis >= 7); redis+cluster://host:port?nodes=host:port,… for a cluster',
      ),
    VALKEY_QUEUE_URL: z
      .url()
      .optional()
      .describe(
        'Valkey for queues, event streams, presence, pub/sub (noeviction, AOF); defaults to VALKEY_URL',
      ),
    VALKEY_CACHE_URL: z
      .url()
      .optional()
      .describe(
        'Valkey for the cache and rate-limit counters (may evict, e.g. allkeys-lru); defaults to VALKEY_URL',
      ),
    VALKEY_WAIT_REPLICAS: integer(0, 5)
      .optional()
      .describe(
        'replicas the outbox relay waits for (WAIT) before marking rows relayed, so a failover cannot lose their jobs and stream entries; default 1 when VALKEY_QUEUE_URL is a cluster, else 0 (off)',
      ),
    VALKEY_WAIT_TIMEOUT_MS: integer(10, 1500)
      .default(1000)
      .describe(
        'how long the relay waits for those replicas; past it the rows stay unrelayed and are tried again',
      ),
  },
  secrets: ['VALKEY_URL', 'VALKEY_QUEUE_URL', 'VALKEY_CACHE_URL'],
  devDefaults: {
    VALKEY_URL: (raw) => `redis://127.0.0.1:${stackDefault(raw, 'STACK_VALKEY_PORT')}`,
  },
  map: (e) => ({
    url: e.VALKEY_URL,
    queueUrl: e.VALKEY_QUEUE_URL ?? e.VALKEY_URL,
    cacheUrl: e.VALKEY_CACHE_URL ?? e.VALKEY_URL,
    /** Unset: the valkey concern's default for the queue store (`replicasToWait`). */
    waitReplicas: e.VALKEY_WAIT_REPLICAS,
    waitTimeoutMs: e.VALKEY_WAIT_TIMEOUT_MS,
  }),
});
