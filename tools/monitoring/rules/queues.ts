import type { RuleProfile } from '../profile';
import { alert, type RuleGroup } from '../rule';

/**
 * Background work: each queue's oldest runnable job (`queue_oldest_runnable_age_seconds`, from
 * the api and the workers, so it stays when the workers are gone), failing jobs, and the outbox
 * (read from PostgreSQL by postgres_exporter's queries, deploy/monitoring/exporters/
 * postgres-queries.yml: the relay's own figures stop with the relay). A paused queue waits on
 * purpose and is left out.
 */
export function queueRules(p: RuleProfile): RuleGroup[] {
  const age = 'max by (queue) (queue_oldest_runnable_age_seconds)';
  const notPaused = 'unless on (queue) (max by (queue) (queue_paused) == 1)';
  return [
    {
      name: 'insightdesk-queues.alerts',
      rules: [
        alert({
          name: 'QueueJobsWaiting',
          expr: `${age} > ${p.s(120)}\n${notPaused}`,
          for: p.d('5m'),
          severity: 'ticket',
          summary: 'Jobs of queue {{ $labels.queue }} wait more than 2 minutes to run',
          description:
            'The oldest job that could run on {{ $labels.queue }} has waited over 2 minutes for 5 minutes: the workers are behind (busy, too few, or stuck on slow jobs).',
        }),
        alert({
          name: 'QueueStalled',
          expr: `${age} > ${p.s(600)}\n${notPaused}`,
          for: p.d('2m'),
          severity: 'page',
          summary: 'Queue {{ $labels.queue }} is not moving: its oldest job waits over 10 minutes',
          description:
            'Mail, attachments, exports or webhooks of {{ $labels.queue }} are not being processed: no worker takes its jobs.',
        }),
        alert({
          name: 'QueueJobsFailing',
          expr: `sum by (queue) (rate(queue_job_failures_total[${p.d('15m')}]))\n/\nsum by (queue) (rate(queue_job_duration_seconds_count[${p.d('15m')}]))\n> 0.2`,
          for: p.d('15m'),
          severity: 'ticket',
          summary: 'More than a fifth of the attempts of {{ $labels.queue }} jobs fail',
          description:
            'Jobs of {{ $labels.queue }} fail and are retried (with backoff); those out of attempts stay failed for inspection on the queue dashboard.',
        }),
        alert({
          name: 'OutboxRelayLagging',
          expr: `max(insightdesk_outbox_oldest_pending_seconds) > ${p.s(60)}`,
          for: p.d('2m'),
          severity: 'page',
          summary: 'Changes committed over a minute ago are not relayed yet',
          description:
            'The oldest outbox row not relayed is over a minute old: live events, mails and webhooks of every change since then wait. The relay runs in the workers.',
        }),
        alert({
          name: 'OutboxRelayFailing',
          expr: `sum(rate(outbox_relay_failures_total[${p.d('5m')}])) > 0`,
          for: p.d('10m'),
          severity: 'ticket',
          summary: 'The outbox relay keeps failing and trying again',
          description:
            'Relay attempts fail (Valkey or PostgreSQL errors); rows are held in order until an attempt succeeds.',
        }),
        alert({
          name: 'OutboxRowsParked',
          expr: 'max(insightdesk_outbox_parked_recent) > 0',
          severity: 'ticket',
          summary: 'Outbox rows were set aside in the last day',
          description:
            "Rows the relay could not relay (a payload its declaration refuses, an undeclared type, effects failing on the row's own data) are in outbox_parked: their events, mails and webhooks were not sent.",
        }),
        alert({
          name: 'WebhookEndpointsFailing',
          expr: `sum(insightdesk_webhook_endpoints{state="failing"}) > 3\nand\nsum(insightdesk_webhook_endpoints{state="failing"})\n/\nclamp_min(sum(insightdesk_webhook_endpoints{state=~"healthy|failing"}), 1)\n> 0.5`,
          for: p.d('30m'),
          severity: 'ticket',
          summary: 'Most webhook endpoints are failing at once',
          description:
            'More than half of the enabled webhook endpoints (and more than 3) have had no successful delivery since their last failure: more likely our egress than every receiver.',
        }),
        alert({
          name: 'WebhookEndpointsDisabled',
          expr: 'max(insightdesk_webhook_endpoints_summary_disabled_last_day) > 0',
          severity: 'ticket',
          summary: 'Webhook endpoints were turned off by the platform in the last day',
          description:
            'Endpoints that answered 410 Gone or failed for days were disabled; their owners are told in the delivery log. Several at once can be our fault.',
        }),
      ],
    },
  ];
}
