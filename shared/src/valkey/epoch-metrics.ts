import { Gauge, type Registry } from 'prom-client';
import type { Redis } from './client';
import { EPOCH_KEY } from './epoch';

/**
 * The generation of Valkey's data on /metrics, read at every scrape:
 * - `valkey_epoch_started_timestamp_seconds`: when the current epoch started. It changes only
 *   when Valkey lost its data (or is new) and a worker started another: an alert on its changes
 *   says "data lost" (deploy/monitoring, ValkeyDataLost). 0 while the key is missing (the data
 *   just lost, before a worker starts the next epoch).
 * - `valkey_epoch_recovery_pending`: 1 from the loss until the recovery is done (the key missing,
 *   or `pending`), 0 once the work PostgreSQL records was queued again.
 */
export function registerEpochMetrics(registry: Registry, valkey: Redis): void {
  // The key's value; undefined when Valkey cannot be read (the gauges keep their last values).
  const read = () => (valkey.get(EPOCH_KEY) as Promise<string | null>).catch(() => undefined);
  new Gauge({
    name: 'valkey_epoch_started_timestamp_seconds',
    help: "When the current generation of Valkey's data started (a change: its data was lost)",
    registers: [registry],
    async collect() {
      const value = await read();
      if (value === undefined) return;
      const started = value ? Number(value.slice(value.indexOf(' ') + 1).split('-')[0]) : 0;
      this.set(Number.isFinite(started) ? started / 1000 : 0);
    },
  });
  new Gauge({
    name: 'valkey_epoch_recovery_pending',
    help: 'Whether the work lost with Valkey is still to be queued again (1) or not (0)',
    registers: [registry],
    async collect() {
      const value = await read();
      if (value === undefined) return;
      this.set(value?.startsWith('done ') ? 0 : 1);
    },
  });
}
