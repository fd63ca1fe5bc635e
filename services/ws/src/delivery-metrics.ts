import { Counter, Histogram, type Registry } from 'prom-client';

/** Why a subscriber was told to refetch instead of being sent what it missed. */
export type ResyncReason = 'since_too_old' | 'relay_gap' | 'catch_up_failed';

/**
 * What the real-time alerts and dashboard read of one ws instance, besides its sockets:
 * - `ws_delivery_lag_seconds`: from a change's outbox row (written in its transaction) to this
 *   instance handing its event to the sockets, once per live event (not per socket);
 * - `ws_resyncs_total{reason}`: subscribers told to refetch (`resync: true`, or
 *   `subscription.resync`): a client's `since` older than the stream keeps (`since_too_old`),
 *   the stream lost with Valkey's data while the relay channel was down (`relay_gap`), or a gap
 *   that could not be read (`catch_up_failed`).
 */
export interface DeliveryMetrics {
  readonly lag: Histogram;
  readonly resyncs: Counter<'reason'>;
}

const REASONS: readonly ResyncReason[] = ['since_too_old', 'relay_gap', 'catch_up_failed'];

export function deliveryMetrics(registry: Registry): DeliveryMetrics {
  const resyncs = new Counter({
    name: 'ws_resyncs_total',
    help: 'Subscribers told to refetch instead of catching up, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  // From 0: the first resync after a start is an increase.
  for (const reason of REASONS) resyncs.inc({ reason }, 0);
  return {
    lag: new Histogram({
      name: 'ws_delivery_lag_seconds',
      help: "Seconds from a change's commit to its live event handed to this instance's sockets",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    resyncs,
  };
}

/** Seconds since an envelope's `at` (ISO 8601), or undefined when it does not parse. */
export function secondsSince(at: string, now = Date.now()): number | undefined {
  const t = Date.parse(at);
  return Number.isFinite(t) ? Math.max(0, (now - t) / 1000) : undefined;
}
