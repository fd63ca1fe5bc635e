import { BURN_WINDOWS } from '../rules/api';
import { type DashboardSpec, USER_REQUESTS } from './kit';

const API = `service="api",${USER_REQUESTS}`;
const SERVICES = 'job=~"api|ws|worker|inbound"';
const R = '$__rate_interval';

/** RED (rate, errors, duration) per api route and per service, with the api's objectives. */
export const overview: DashboardSpec = {
  uid: 'insightdesk-overview',
  title: 'InsightDesk / Overview',
  description:
    'Requests, errors and latency per api route and per service, the error budgets, and the instances.',
  rows: [
    {
      title: 'Service levels',
      panels: [
        {
          title: 'Availability budget burn rate (1h)',
          question:
            'How many times faster than the month allows is the api spending its 0.1% of 5xx? Above 14.4 over an hour pages.',
          kind: 'stat',
          unit: 'short',
          queries: [{ expr: 'api:request_errors:ratio_rate1h / 0.001' }],
        },
        {
          title: 'Latency budget burn rate (1h)',
          question:
            'How many times faster than the month allows are requests slower than 0.5 s using up their 1%?',
          kind: 'stat',
          unit: 'short',
          queries: [{ expr: 'api:request_slow:ratio_rate1h / 0.01' }],
        },
        {
          title: 'Error ratio by alerting window',
          question: `Which of the burn-rate windows (${BURN_WINDOWS.map((w) => `${w.long}/${w.short}`).join(', ')}) are burning, and since when?`,
          unit: 'percentunit',
          queries: ['5m', '1h', '6h', '1d'].map((w) => ({
            expr: `api:request_errors:ratio_rate${w}`,
            legend: w,
          })),
        },
      ],
    },
    {
      title: 'API by route',
      panels: [
        {
          title: 'Requests per second by route',
          question: 'Which routes carry the traffic, and did any change suddenly?',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (method, route) (rate(http_requests_total{${API}}[${R}]))`,
              legend: '{{ method }} {{ route }}',
            },
          ],
        },
        {
          title: '5xx ratio by route',
          question: 'Which routes fail, and how much of their traffic?',
          unit: 'percentunit',
          queries: [
            {
              expr: `sum by (method, route) (rate(http_requests_total{${API},status=~"5.."}[${R}]))\n/\nsum by (method, route) (rate(http_requests_total{${API}}[${R}]))`,
              legend: '{{ method }} {{ route }}',
            },
          ],
        },
        {
          title: 'p99 latency by route',
          question: 'Which routes are slow for the slowest percent of their requests?',
          unit: 's',
          queries: [
            {
              expr: `histogram_quantile(0.99, sum by (le, method, route) (rate(http_request_duration_seconds_bucket{${API}}[${R}])))`,
              legend: '{{ method }} {{ route }}',
            },
          ],
        },
        {
          title: '4xx by route',
          question: 'Which routes refuse requests (validation, auth, limits), and is that new?',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (method, route, status) (rate(http_requests_total{${API},status=~"4.."}[${R}]))`,
              legend: '{{ status }} {{ method }} {{ route }}',
            },
          ],
        },
        {
          title: 'Problems by code',
          question:
            'Which error codes do clients get (invalid_credentials, rate_limited, refresh_token_reused…)?',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (code) (rate(http_problems_total[${R}]))`,
              legend: '{{ code }}',
            },
          ],
        },
        {
          title: 'Budgets refusing requests',
          question:
            'Which rate-limit budgets refuse requests: one address on one account, one address, one account?',
          unit: 'short',
          queries: [
            {
              expr: `sum by (budget) (increase(rate_limit_refusals_total[${R}]))`,
              legend: '{{ budget }}',
            },
          ],
        },
      ],
    },
    {
      title: 'Services',
      panels: [
        {
          title: 'Requests per second by service',
          question:
            'How much HTTP traffic does each service answer (the api, and the probes of the others)?',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (service) (rate(http_requests_total[${R}]))`,
              legend: '{{ service }}',
            },
          ],
        },
        {
          title: '5xx per second by service',
          question: 'Which service answers errors?',
          unit: 'reqps',
          queries: [
            {
              expr: `sum by (service) (rate(http_requests_total{status=~"5.."}[${R}]))`,
              legend: '{{ service }}',
            },
          ],
        },
        {
          title: 'p99 latency by service',
          question: 'How slow is the slowest percent of each service’s answers?',
          unit: 's',
          queries: [
            {
              expr: `histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket[${R}])))`,
              legend: '{{ service }}',
            },
          ],
        },
        {
          title: 'Instances up',
          question: 'How many instances of each service answer their scrape?',
          kind: 'stat',
          queries: [{ expr: `sum by (job) (up{${SERVICES}})`, legend: '{{ job }}' }],
        },
        {
          title: 'CPU by instance',
          question: 'Which instance uses the CPU (a core is 1)?',
          unit: 'short',
          queries: [
            {
              expr: `sum by (instance) (rate(process_cpu_seconds_total{${SERVICES}}[${R}]))`,
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'Event loop lag p99 by instance',
          question: 'Is an instance too busy to answer on time (its event loop late)?',
          unit: 's',
          queries: [
            {
              expr: `max by (instance) (nodejs_eventloop_lag_p99_seconds{${SERVICES}})`,
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'Resident memory by instance',
          question: 'Is an instance growing (a leak) or near its limit?',
          unit: 'bytes',
          queries: [
            {
              expr: `max by (instance) (process_resident_memory_bytes{${SERVICES}})`,
              legend: '{{ instance }}',
            },
          ],
        },
      ],
    },
  ],
};
