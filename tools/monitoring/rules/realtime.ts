import type { RuleProfile } from '../profile';
import { alert, type RuleGroup } from '../rule';

/**
 * Real-time delivery, from the ws instances: how long a committed change takes to reach the
 * sockets (`ws_delivery_lag_seconds`, from the outbox row to the hand-over), and how many
 * subscribers are told to refetch instead of catching up (`ws_resyncs_total`).
 */
export function realtimeRules(p: RuleProfile): RuleGroup[] {
  const lag = (q: number) =>
    `histogram_quantile(${q}, sum by (le) (rate(ws_delivery_lag_seconds_bucket[${p.d('5m')}])))`;
  return [
    {
      name: 'insightdesk-realtime.alerts',
      rules: [
        alert({
          name: 'RealtimeDeliverySlow',
          expr: `${lag(0.99)} > ${p.s(5)}`,
          for: p.d('5m'),
          severity: 'page',
          summary: "Live events reach clients more than 5 s after their change's commit (p99)",
          description:
            'The slowest percent of live events took more than 5 s from the outbox row to the sockets over 5 minutes: the relay, Valkey or the ws instances are behind.',
        }),
        alert({
          name: 'RealtimeDeliveryDegraded',
          expr: `${lag(0.9)} > ${p.s(1)}`,
          for: p.d('15m'),
          severity: 'ticket',
          summary: 'Live events take more than 1 s to reach clients (p90)',
          description:
            'A tenth of live events took more than 1 s from commit to the sockets for 15 minutes.',
        }),
        alert({
          name: 'RealtimeResyncsHigh',
          expr: `sum(increase(ws_resyncs_total{reason!="since_too_old"}[${p.d('15m')}]))\n/\nclamp_min(sum(ws_subscriptions), 1)\n> 0.05`,
          severity: 'ticket',
          summary: 'More than 5% of subscribers were told to refetch in 15 minutes',
          description:
            "Subscribers lost their place in an organization's stream (the relay channel dropped and the stream could not vouch for the gap, or the gap could not be read): clients refetch instead of catching up.",
        }),
      ],
    },
  ];
}
