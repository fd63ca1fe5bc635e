import type { RuleProfile } from '../profile';
import { alert, type RecordingRule, type RuleGroup } from '../rule';

/**
 * The api's service level objectives over 30 days, alerted on with the SRE workbook's
 * multiwindow, multi-burn-rate scheme (chapter 5, "Alerting on SLOs"): a page when the error
 * budget burns 14.4 times too fast over an hour (2% of the month's budget) or 6 times over six
 * hours (5%), a ticket at 3 times over a day or once over three days — each confirmed by a window
 * a twelfth as long, so that an alert ends soon after the burning does.
 *
 * - availability: 99.9% of requests answered without a 5xx;
 * - latency: 99% of requests answered within 0.5 s.
 *
 * Health probes and /metrics are not requests of users and are left out.
 */
export const AVAILABILITY_OBJECTIVE = 0.999;
export const LATENCY_OBJECTIVE = 0.99;
/** The latency objective's threshold: a bucket boundary of `http_request_duration_seconds`. */
export const LATENCY_THRESHOLD_SECONDS = '0.5';

const REQUESTS = 'service="api",route!~"/health.*|/metrics"';
const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

/** The four alerting windows: long, short (a twelfth), burn rate, and whether it pages. */
export const BURN_WINDOWS = [
  { long: '1h', short: '5m', burn: 14.4, page: true },
  { long: '6h', short: '30m', burn: 6, page: true },
  { long: '1d', short: '2h', burn: 3, page: false },
  { long: '3d', short: '6h', burn: 1, page: false },
] as const;

function ratios(p: RuleProfile, name: string, bad: (w: string) => string): RecordingRule[] {
  return WINDOWS.map((w) => ({
    record: `api:${name}:ratio_rate${w}`,
    expr: `${bad(p.d(w))}\n/\nsum(rate(http_request_duration_seconds_count{${REQUESTS}}[${p.d(w)}]))`,
  }));
}

/** `(long > k and short > k) or …` over the two windows of each pair of the severity. */
function burning(name: string, objective: number, page: boolean): string {
  const budget = Number((1 - objective).toFixed(6));
  return BURN_WINDOWS.filter((w) => w.page === page)
    .map(
      (w) =>
        `(\n  api:${name}:ratio_rate${w.long} > (${w.burn} * ${budget})\n  and\n  api:${name}:ratio_rate${w.short} > (${w.burn} * ${budget})\n)`,
    )
    .join('\nor\n');
}

export function apiRules(p: RuleProfile): RuleGroup[] {
  return [
    {
      name: 'insightdesk-api-slo.rules',
      rules: [
        ...ratios(
          p,
          'request_errors',
          (w) =>
            `(\n  sum(rate(http_request_duration_seconds_count{${REQUESTS},status=~"5.."}[${w}]))\n  or vector(0)\n)`,
        ),
        ...ratios(
          p,
          'request_slow',
          (w) =>
            `(\n  sum(rate(http_request_duration_seconds_count{${REQUESTS}}[${w}]))\n  -\n  sum(rate(http_request_duration_seconds_bucket{${REQUESTS},le="${LATENCY_THRESHOLD_SECONDS}"}[${w}]))\n)`,
        ),
      ],
    },
    {
      name: 'insightdesk-api-slo.alerts',
      rules: [
        alert({
          name: 'ApiErrorBudgetBurnFast',
          expr: burning('request_errors', AVAILABILITY_OBJECTIVE, true),
          for: p.d('2m'),
          severity: 'page',
          summary: 'The api is answering 5xx fast enough to spend its monthly error budget in days',
          description:
            'Over the last hour (and the last 5 minutes), or the last 6 hours (and 30 minutes), more than 14.4 (or 6) times the 0.1% of requests the availability objective allows failed with a 5xx.',
        }),
        alert({
          name: 'ApiErrorBudgetBurnSlow',
          expr: burning('request_errors', AVAILABILITY_OBJECTIVE, false),
          for: p.d('15m'),
          severity: 'ticket',
          summary: 'The api is spending its error budget faster than the month allows',
          description:
            'Over the last day (and 2 hours), or 3 days (and 6 hours), more than 3 (or 1) times the 0.1% of requests the availability objective allows failed with a 5xx.',
        }),
        alert({
          name: 'ApiLatencyBudgetBurnFast',
          expr: burning('request_slow', LATENCY_OBJECTIVE, true),
          for: p.d('2m'),
          severity: 'page',
          summary: 'The api is slow enough to spend its monthly latency budget in days',
          description:
            'Over the last hour (and 5 minutes), or 6 hours (and 30 minutes), more than 14.4 (or 6) times the 1% of requests the latency objective allows took longer than 0.5 s.',
        }),
        alert({
          name: 'ApiLatencyBudgetBurnSlow',
          expr: burning('request_slow', LATENCY_OBJECTIVE, false),
          for: p.d('15m'),
          severity: 'ticket',
          summary: 'The api is spending its latency budget faster than the month allows',
          description:
            'Over the last day (and 2 hours), or 3 days (and 6 hours), more than 3 (or 1) times the 1% of requests the latency objective allows took longer than 0.5 s.',
        }),
      ],
    },
  ];
}
