import { z } from 'zod';
import { defineConfigGroup } from '../config/define';
import { decimal, integer, list, port } from '../config/variables';
import { parseNetwork } from '../net/address';
import { parseSchedule } from './schedule';

/** Outbound webhooks (shared/src/webhooks): delivery, retries, the SSRF guard, the log. */
export const webhookConfig = defineConfigGroup({
  env: {
    WEBHOOK_ALLOWED_NETWORKS: list
      .default([])
      .refine((l) => l.every((n) => parseNetwork(n) !== null), 'a list of CIDR networks')
      .describe(
        'comma-separated networks (CIDR) webhooks may reach although private or loopback (self-hosted receivers), on any port; empty: none',
      ),
    WEBHOOK_ALLOWED_PORTS: list
      .default([])
      .refine((l) => l.every((p) => port.safeParse(p).success), 'a list of ports')
      .describe('ports webhooks may use besides 80 and 443, comma-separated'),
    WEBHOOK_RETRY_SCHEDULE: z
      .string()
      .default('5s,5m,30m,2h,5h,10h,10h')
      .refine((s) => parseSchedule(s) !== null, 'durations like 5s,5m,2h, comma-separated')
      .describe(
        'delays before each retry of a failed delivery (±10% jitter, never before Retry-After); the delivery fails after the last',
      ),
    WEBHOOK_TIMEOUT_MS: integer(1000, 15_000)
      .default(15_000)
      .describe('how long one attempt may take, answer included'),
    WEBHOOK_ENDPOINT_CONCURRENCY: integer(1, 100)
      .default(4)
      .describe(
        'attempts at once to one endpoint (the rest wait: one slow endpoint cannot hold the queue)',
      ),
    WEBHOOK_SECRET_GRACE_HOURS: decimal(0, 24 * 7)
      .default(24)
      .describe(
        'after a secret rotation, how long the old secret still signs (beside the new one)',
      ),
    WEBHOOK_DISABLE_AFTER_DAYS: decimal(0.001, 90)
      .default(5)
      .describe('an endpoint failing this long with no success is disabled and its admins told'),
    WEBHOOK_LOG_RETENTION_DAYS: integer(1, 365)
      .default(30)
      .describe('how long deliveries and their attempts are kept (the maintenance purge)'),
    WEBHOOK_HOSTS_FILE: z
      .string()
      .optional()
      .describe(
        'development and tests only: a JSON file of host names and their addresses ({"name": ["127.0.0.2"]}) answered before the system resolver; the addresses are vetted like any other',
      ),
  },
  // The local stack and its tests: a receiver on 127.0.0.2 (loopback itself stays refused),
  // retries in seconds, and host names the tests give addresses to (a receiver's TLS name).
  devDefaults: {
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.2/32',
    WEBHOOK_RETRY_SCHEDULE: '1s,2s,2s,2s,2s,2s,2s',
    WEBHOOK_HOSTS_FILE: () => '.data/webhook-hosts.json',
  },
  map: (e) => ({
    allowedNetworks: e.WEBHOOK_ALLOWED_NETWORKS,
    allowedPorts: e.WEBHOOK_ALLOWED_PORTS.map(Number),
    retrySchedule: parseSchedule(e.WEBHOOK_RETRY_SCHEDULE) as number[],
    timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    endpointConcurrency: e.WEBHOOK_ENDPOINT_CONCURRENCY,
    secretGraceSeconds: Math.round(e.WEBHOOK_SECRET_GRACE_HOURS * 3600),
    disableAfterMs: Math.round(e.WEBHOOK_DISABLE_AFTER_DAYS * 86_400_000),
    logRetentionDays: e.WEBHOOK_LOG_RETENTION_DAYS,
    hostsFile: e.WEBHOOK_HOSTS_FILE,
  }),
});
