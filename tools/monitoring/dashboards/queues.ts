import type { DashboardSpec } from './kit';

const R = '$__rate_interval';

/** BullMQ queues (read by the api and the workers), the outbox and the webhook endpoints. */
export const queues: DashboardSpec = {
  uid: 'insightdesk-queues',
  title: 'InsightDesk / Queues',
  description:
    'Depth and age of each queue, throughput and failures, fair share, the outbox relay and the webhook endpoints.',
  rows: [
    {
      title: 'Waiting work',
      panels: [
        {
          title: 'Oldest runnable job by queue',
          question: 'Does each queue move: how long has its oldest job that could run waited?',
          unit: 's',
          queries: [
            {
              expr: 'max by (queue) (queue_oldest_runnable_age_seconds)',
              legend: '{{ queue }}',
            },
          ],
        },
        {
          title: 'Jobs waiting by queue',
          question: 'How much work is queued (waiting and prioritized)?',
          queries: [
            {
              expr: 'sum by (queue) (max by (queue, state) (queue_jobs{state=~"wait|prioritized"}))',
              legend: '{{ queue }}',
            },
          ],
        },
        {
          title: 'Delayed jobs by queue',
          question:
            'How many jobs wait for their time (retries with backoff, schedules, later tries)?',
          queries: [
            {
              expr: 'max by (queue) (queue_jobs{state="delayed"})',
              legend: '{{ queue }}',
            },
          ],
        },
        {
          title: 'Active jobs by queue',
          question: 'How many jobs run right now on each queue?',
          queries: [{ expr: 'max by (queue) (queue_jobs{state="active"})', legend: '{{ queue }}' }],
        },
        {
          title: 'Fair share: prioritized against waiting',
          question:
            "Is fair share ordering the queue (jobs held in the organizations' turn) or are jobs plain FIFO?",
          queries: [
            {
              expr: 'max by (queue) (queue_jobs{state="prioritized"})',
              legend: '{{ queue }} prioritized',
            },
            { expr: 'max by (queue) (queue_jobs{state="wait"})', legend: '{{ queue }} waiting' },
          ],
        },
        {
          title: 'Paused queues',
          question: 'Which queues did an operator pause?',
          kind: 'stat',
          queries: [{ expr: 'max by (queue) (queue_paused)', legend: '{{ queue }}' }],
        },
      ],
    },
    {
      title: 'Throughput and failures',
      panels: [
        {
          title: 'Jobs completed per second by queue',
          question: 'How much work do the workers get through?',
          unit: 'ops',
          queries: [
            {
              expr: `sum by (queue) (rate(queue_job_duration_seconds_count{outcome="completed"}[${R}]))`,
              legend: '{{ queue }}',
            },
          ],
        },
        {
          title: 'Failed attempts per second by queue',
          question: 'Which queues fail attempts (each retried with backoff)?',
          unit: 'ops',
          queries: [
            {
              expr: `sum by (queue) (rate(queue_job_failures_total[${R}]))`,
              legend: '{{ queue }}',
            },
          ],
        },
        {
          title: 'Failed jobs kept by queue',
          question:
            'How many jobs ran out of attempts and wait for someone on the queue dashboard?',
          queries: [{ expr: 'max by (queue) (queue_jobs{state="failed"})', legend: '{{ queue }}' }],
        },
        {
          title: 'Job duration p95 by queue',
          question: 'How long does a job of each queue take to run?',
          unit: 's',
          queries: [
            {
              expr: `histogram_quantile(0.95, sum by (le, queue) (rate(queue_job_duration_seconds_bucket[${R}])))`,
              legend: '{{ queue }}',
            },
          ],
        },
      ],
    },
    {
      title: 'Outbox and webhooks',
      panels: [
        {
          title: 'Oldest outbox row not relayed',
          question:
            'How far behind is the relay (the age of the oldest committed change it has not sent)?',
          unit: 's',
          queries: [{ expr: 'max(insightdesk_outbox_oldest_pending_seconds)', legend: 'oldest' }],
        },
        {
          title: 'Outbox rows pending',
          question: 'How many committed changes wait for the relay?',
          queries: [{ expr: 'max(insightdesk_outbox_pending)', legend: 'pending' }],
        },
        {
          title: 'Rows relayed per second',
          question: 'How fast does the relay move committed changes out?',
          unit: 'ops',
          queries: [
            { expr: `sum(rate(outbox_relayed_total[${R}]))`, legend: 'relayed' },
            { expr: `sum(rate(outbox_relay_failures_total[${R}]))`, legend: 'failed attempts' },
          ],
        },
        {
          title: 'Parked outbox rows',
          question:
            'How many rows could not be relayed and were set aside (in the last day, and kept)?',
          queries: [
            { expr: 'max(insightdesk_outbox_parked_recent)', legend: 'last day' },
            { expr: 'max(insightdesk_outbox_parked_rows)', legend: 'kept' },
          ],
        },
        {
          title: 'Webhook endpoints by state',
          question:
            'How many endpoints are healthy, failing, or turned off (by the platform, by their owners)?',
          queries: [
            {
              expr: 'max by (state) (insightdesk_webhook_endpoints)',
              legend: '{{ state }}',
            },
          ],
        },
        {
          title: 'Longest-failing webhook endpoint',
          question: 'For how long has the worst endpoint had no successful delivery?',
          unit: 's',
          queries: [
            {
              expr: 'max(insightdesk_webhook_endpoints_summary_failing_longest_seconds)',
              legend: 'longest',
            },
          ],
        },
      ],
    },
  ],
};
