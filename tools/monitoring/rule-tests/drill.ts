import { type Case, labels } from './case';

// The drill rules' cases: the alerts `./stack drill alerts` sets off, at its own time (a second
// of the drill is a minute of production; samples every second).

const requests = (status: string, values: string) => ({
  series: `http_request_duration_seconds_count{${labels({ service: 'api', method: 'GET', route: '/api/v1/me', status })}}`,
  values,
});

export const DRILL_CASES: Case[] = [
  {
    name: 'both workers stopped: no worker answers, jobs age, the outbox waits',
    interval: '1s',
    series: [
      { series: 'up{job="worker",instance="worker-1"}', values: '1 1 0x30' },
      { series: 'up{job="worker",instance="worker-2"}', values: '1 1 0x30' },
      {
        series: 'queue_oldest_runnable_age_seconds{instance="api-1",queue="maintenance"}',
        values: '0 0 0+1x30',
      },
      { series: 'queue_paused{instance="api-1",queue="maintenance"}', values: '0x32' },
      { series: 'insightdesk_outbox_oldest_pending_seconds{instance="pg"}', values: '0 0 0+1x30' },
    ],
    checks: [
      { at: '6s', alert: 'ServiceDown', firing: [{ job: 'worker' }] },
      { at: '10s', alert: 'QueueJobsWaiting', firing: [{ queue: 'maintenance' }] },
      { at: '15s', alert: 'QueueStalled', firing: [{ queue: 'maintenance' }] },
      { at: '6s', alert: 'OutboxRelayLagging', firing: [{}] },
    ],
  },
  {
    name: 'a dependency taken away: a tenth of requests fail for 10 s, the fast burn fires and ends',
    interval: '1s',
    series: [requests('200', '0+20x120'), requests('500', '0x30 0+2x10 20x80')],
    checks: [
      { at: '40s', alert: 'ApiErrorBudgetBurnFast', firing: [{}] },
      { at: '110s', alert: 'ApiErrorBudgetBurnFast', firing: [] },
    ],
  },
  {
    name: '45 logins refused for one account from one address',
    interval: '1s',
    series: [
      {
        series: 'rate_limit_refusals_total{instance="api-1",budget="login-account-address"}',
        values: '0x5 0+9x5 45x30',
      },
    ],
    checks: [
      { at: '8s', alert: 'LoginFailuresOneAccountOneAddress', firing: [{}] },
      { at: '30s', alert: 'LoginFailuresOneAccountOneAddress', firing: [] },
    ],
  },
  {
    name: "Valkey's data flushed: a new epoch",
    interval: '1s',
    series: [
      {
        series: 'valkey_epoch_started_timestamp_seconds{instance="worker-1"}',
        values: '1000x10 2000x30',
      },
    ],
    checks: [
      { at: '12s', alert: 'ValkeyDataLost', firing: [{}] },
      { at: '35s', alert: 'ValkeyDataLost', firing: [] },
    ],
  },
];
