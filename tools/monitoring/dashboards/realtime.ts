import type { DashboardSpec } from './kit';

const R = '$__rate_interval';
const lag = (q: number) =>
  `histogram_quantile(${q}, sum by (le) (rate(ws_delivery_lag_seconds_bucket[${R}])))`;

/** The ws instances: sockets, subscriptions, fan-out, delivery lag, resyncs. */
export const realtime: DashboardSpec = {
  uid: 'insightdesk-realtime',
  title: 'InsightDesk / Real-time',
  description:
    'Socket.IO clients and subscriptions per ws instance, the fan-out of live events, their lag from commit and the subscribers told to resync.',
  rows: [
    {
      title: 'Clients',
      panels: [
        {
          title: 'Connected sockets by instance',
          question: 'How many clients does each ws instance hold, and are they spread evenly?',
          queries: [{ expr: 'sum by (instance) (ws_connections)', legend: '{{ instance }}' }],
        },
        {
          title: 'Subscriptions by instance',
          question: "How many organizations' streams are followed on each instance?",
          queries: [{ expr: 'sum by (instance) (ws_subscriptions)', legend: '{{ instance }}' }],
        },
        {
          title: 'Sockets in total',
          question: 'How many clients are connected now?',
          kind: 'stat',
          queries: [{ expr: 'sum(ws_connections)' }],
        },
      ],
    },
    {
      title: 'Fan-out',
      panels: [
        {
          title: 'Events handed to sockets per second',
          question: 'How many deliveries (events times recipients) does each instance make?',
          unit: 'ops',
          queries: [
            {
              expr: `sum by (instance) (rate(ws_events_delivered_total[${R}]))`,
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'Broadcasts per second by path',
          question:
            "How are live events written to sockets: Bun's topic publish or Socket.IO's broadcast?",
          unit: 'ops',
          queries: [
            {
              expr: `sum by (path) (rate(ws_broadcasts_total[${R}]))`,
              legend: '{{ path }}',
            },
          ],
        },
        {
          title: 'Recipients per broadcast',
          question: 'How wide is the average fan-out of one live event?',
          queries: [
            {
              expr: `sum(rate(ws_events_delivered_total[${R}]))\n/\nsum(rate(ws_broadcasts_total[${R}]))`,
            },
          ],
        },
      ],
    },
    {
      title: 'Delivery',
      panels: [
        {
          title: 'Commit-to-socket lag',
          question: 'How long after its commit does a change reach the sockets (p50, p90, p99)?',
          unit: 's',
          queries: [
            { expr: lag(0.5), legend: 'p50' },
            { expr: lag(0.9), legend: 'p90' },
            { expr: lag(0.99), legend: 'p99' },
          ],
        },
        {
          title: 'Resyncs by reason',
          question:
            'How many subscribers were told to refetch, and why (a since too old, a relay gap, a catch-up that failed)?',
          queries: [
            {
              expr: `sum by (reason) (increase(ws_resyncs_total[${R}]))`,
              legend: '{{ reason }}',
            },
          ],
        },
        {
          title: 'Outbox to relay lag p99',
          question: 'How much of the delivery lag is the relay’s (outbox row to Valkey)?',
          unit: 's',
          queries: [
            {
              expr: `histogram_quantile(0.99, sum by (le) (rate(outbox_relay_lag_seconds_bucket[${R}])))`,
              legend: 'relay p99',
            },
          ],
        },
      ],
    },
  ],
};
