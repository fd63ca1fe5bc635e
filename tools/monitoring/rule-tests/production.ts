import { type Case, labels } from './case';

// The production rules' cases, by rule file. Times are promtool's (the series start at 0).

const TICKETS = { service: 'api', method: 'GET', route: '/api/v1/orgs/:orgId/tickets' };
const count = (status: string, values: string, extra: Record<string, string> = {}) => ({
  series: `http_request_duration_seconds_count{${labels({ ...TICKETS, status, ...extra })}}`,
  values,
});
const bucket = (le: string, values: string) => ({
  series: `http_request_duration_seconds_bucket{${labels({ ...TICKETS, status: '200', le })}}`,
  values,
});

const api: Case[] = [
  {
    name: '9% of requests fail: the fast burn pages, the slow one tickets',
    series: [count('200', '0+600x200'), count('500', '0+60x200')],
    checks: [
      { at: '70m', alert: 'ApiErrorBudgetBurnFast', firing: [{}] },
      { at: '70m', alert: 'ApiErrorBudgetBurnSlow', firing: [{}] },
    ],
  },
  {
    name: '0.1% of requests fail (the objective exactly): nothing fires',
    series: [count('200', '0+999x200'), count('500', '0+1x200')],
    checks: [
      { at: '70m', alert: 'ApiErrorBudgetBurnFast', firing: [] },
      { at: '190m', alert: 'ApiErrorBudgetBurnSlow', firing: [] },
    ],
  },
  {
    name: 'a half-hour burst that ended: the page ends once its shorter windows are clean',
    series: [count('200', '0+600x90'), count('500', '0+60x30 1800+0x60')],
    checks: [
      { at: '25m', alert: 'ApiErrorBudgetBurnFast', firing: [{}] },
      { at: '50m', alert: 'ApiErrorBudgetBurnFast', firing: [{}] },
      { at: '65m', alert: 'ApiErrorBudgetBurnFast', firing: [] },
    ],
  },
  {
    name: '0.5% of requests fail for hours: a ticket, no page',
    series: [count('200', '0+995x200'), count('500', '0+5x200')],
    checks: [
      { at: '190m', alert: 'ApiErrorBudgetBurnFast', firing: [] },
      { at: '190m', alert: 'ApiErrorBudgetBurnSlow', firing: [{}] },
    ],
  },
  {
    name: 'health probes failing are not requests of users',
    series: [
      count('200', '0+600x100'),
      {
        series: `http_request_duration_seconds_count{${labels({ service: 'api', method: 'GET', route: '/health/ready', status: '503' })}}`,
        values: '0+600x100',
      },
    ],
    checks: [{ at: '70m', alert: 'ApiErrorBudgetBurnFast', firing: [] }],
  },
  {
    name: 'a sixth of requests slower than 0.5 s: the latency budget burns fast',
    series: [count('200', '0+600x100'), bucket('0.5', '0+500x100')],
    checks: [{ at: '70m', alert: 'ApiLatencyBudgetBurnFast', firing: [{}] }],
  },
  {
    name: '5% slower than 0.5 s for hours: a latency ticket, no page',
    series: [count('200', '0+600x200'), bucket('0.5', '0+570x200')],
    checks: [
      { at: '190m', alert: 'ApiLatencyBudgetBurnFast', firing: [] },
      { at: '190m', alert: 'ApiLatencyBudgetBurnSlow', firing: [{}] },
    ],
  },
];

const lag = (le: string, values: string) => ({
  series: `ws_delivery_lag_seconds_bucket{${labels({ instance: 'ws-1', le })}}`,
  values,
});

const realtime: Case[] = [
  {
    name: 'a tenth of live events take 5 to 10 s: p99 pages, p90 tickets',
    series: [
      lag('1', '0+50x40'),
      lag('5', '0+90x40'),
      lag('10', '0+100x40'),
      lag('+Inf', '0+100x40'),
    ],
    checks: [
      { at: '10m', alert: 'RealtimeDeliverySlow', firing: [{}] },
      { at: '20m', alert: 'RealtimeDeliveryDegraded', firing: [{}] },
    ],
  },
  {
    name: 'live events within 0.1 s: silent',
    series: [lag('0.1', '0+99x40'), lag('1', '0+100x40'), lag('+Inf', '0+100x40')],
    checks: [
      { at: '20m', alert: 'RealtimeDeliverySlow', firing: [] },
      { at: '20m', alert: 'RealtimeDeliveryDegraded', firing: [] },
    ],
  },
  {
    name: 'subscribers resynced after a relay gap: a ticket; old `since`s alone are no fault',
    series: [
      {
        series: 'ws_resyncs_total{instance="ws-1",reason="relay_gap"}',
        values: '0 0 0 0 0 40 40 40',
      },
      { series: 'ws_resyncs_total{instance="ws-2",reason="since_too_old"}', values: '0+50x30' },
      { series: 'ws_subscriptions{instance="ws-1"}', values: '100x30' },
    ],
    checks: [
      { at: '7m', alert: 'RealtimeResyncsHigh', firing: [{}] },
      { at: '25m', alert: 'RealtimeResyncsHigh', firing: [] },
    ],
  },
];

const age = (instance: string, queue: string, values: string) => ({
  series: `queue_oldest_runnable_age_seconds{${labels({ instance, queue })}}`,
  values,
});

const queues: Case[] = [
  {
    name: 'nobody takes email jobs: the age grows, a ticket at 2 minutes, a page at 10',
    series: [
      age('api-1', 'email', '0+60x20'),
      age('api-2', 'email', '0+60x20'),
      age('api-1', 'attachments', '0x20'),
      { series: 'queue_paused{instance="api-1",queue="email"}', values: '0x20' },
    ],
    checks: [
      { at: '9m', alert: 'QueueJobsWaiting', firing: [{ queue: 'email' }] },
      { at: '9m', alert: 'QueueStalled', firing: [] },
      { at: '14m', alert: 'QueueStalled', firing: [{ queue: 'email' }] },
    ],
  },
  {
    name: 'a paused queue waits on purpose',
    series: [
      age('api-1', 'exports', '0+60x20'),
      { series: 'queue_paused{instance="api-1",queue="exports"}', values: '1x20' },
    ],
    checks: [
      { at: '15m', alert: 'QueueJobsWaiting', firing: [] },
      { at: '15m', alert: 'QueueStalled', firing: [] },
    ],
  },
  {
    name: 'a third of webhook attempts fail',
    series: [
      {
        series: 'queue_job_failures_total{instance="worker-1",queue="webhooks",name="deliver"}',
        values: '0+30x40',
      },
      {
        series:
          'queue_job_duration_seconds_count{instance="worker-1",queue="webhooks",name="deliver",outcome="failed"}',
        values: '0+30x40',
      },
      {
        series:
          'queue_job_duration_seconds_count{instance="worker-1",queue="webhooks",name="deliver",outcome="completed"}',
        values: '0+60x40',
      },
      {
        series:
          'queue_job_duration_seconds_count{instance="worker-1",queue="email",name="send",outcome="completed"}',
        values: '0+60x40',
      },
    ],
    checks: [{ at: '35m', alert: 'QueueJobsFailing', firing: [{ queue: 'webhooks' }] }],
  },
  {
    name: 'the oldest outbox row ages past a minute',
    series: [
      {
        series: 'insightdesk_outbox_oldest_pending_seconds{instance="pg"}',
        values: '0 0 0 60 120 180 240 300 360',
      },
    ],
    checks: [
      { at: '4m', alert: 'OutboxRelayLagging', firing: [] },
      { at: '7m', alert: 'OutboxRelayLagging', firing: [{}] },
    ],
  },
  {
    name: 'relay attempts keep failing',
    series: [{ series: 'outbox_relay_failures_total{instance="worker-1"}', values: '0+1x20' }],
    checks: [{ at: '15m', alert: 'OutboxRelayFailing', firing: [{}] }],
  },
  {
    name: 'rows parked in the last day',
    series: [{ series: 'insightdesk_outbox_parked_recent{instance="pg"}', values: '0 0 3 3' }],
    checks: [
      { at: '1m', alert: 'OutboxRowsParked', firing: [] },
      { at: '3m', alert: 'OutboxRowsParked', firing: [{}] },
    ],
  },
  {
    name: 'ten of twelve webhook endpoints failing at once',
    series: [
      { series: 'insightdesk_webhook_endpoints{instance="pg",state="failing"}', values: '10x50' },
      { series: 'insightdesk_webhook_endpoints{instance="pg",state="healthy"}', values: '2x50' },
    ],
    checks: [{ at: '40m', alert: 'WebhookEndpointsFailing', firing: [{}] }],
  },
  {
    name: 'two endpoints, both failing: their owners’ trouble, not ours',
    series: [
      { series: 'insightdesk_webhook_endpoints{instance="pg",state="failing"}', values: '2x50' },
      { series: 'insightdesk_webhook_endpoints{instance="pg",state="healthy"}', values: '0x50' },
    ],
    checks: [{ at: '40m', alert: 'WebhookEndpointsFailing', firing: [] }],
  },
  {
    name: 'an endpoint turned off by the platform today',
    series: [
      {
        series: 'insightdesk_webhook_endpoints_summary_disabled_last_day{instance="pg"}',
        values: '0 1 1',
      },
    ],
    checks: [{ at: '2m', alert: 'WebhookEndpointsDisabled', firing: [{}] }],
  },
];

const data: Case[] = [
  {
    name: 'Valkey stops answering',
    series: [{ series: 'redis_up{instance="valkey",job="valkey"}', values: '1 1 0 0 0 0' }],
    checks: [
      { at: '2m', alert: 'ValkeyDown', firing: [] },
      { at: '4m', alert: 'ValkeyDown', firing: [{ instance: 'valkey', job: 'valkey' }] },
    ],
  },
  {
    name: "Valkey's data is lost: its epoch changes, the alert fires, then ends with the window",
    series: [
      {
        series: 'valkey_epoch_started_timestamp_seconds{instance="worker-1"}',
        values: '1000x5 2000x30',
      },
      {
        series: 'valkey_epoch_started_timestamp_seconds{instance="worker-2"}',
        values: '1000x5 2000x30',
      },
    ],
    checks: [
      { at: '4m', alert: 'ValkeyDataLost', firing: [] },
      { at: '7m', alert: 'ValkeyDataLost', firing: [{}] },
      { at: '25m', alert: 'ValkeyDataLost', firing: [] },
    ],
  },
  {
    name: 'a worker that starts later reports the same epoch: no change',
    series: [
      { series: 'valkey_epoch_started_timestamp_seconds{instance="worker-1"}', values: '1000x20' },
      {
        series: 'valkey_epoch_started_timestamp_seconds{instance="worker-3"}',
        values: '_x5 1000x15',
      },
    ],
    checks: [{ at: '10m', alert: 'ValkeyDataLost', firing: [] }],
  },
  {
    name: 'the recovery stays pending',
    series: [{ series: 'valkey_epoch_recovery_pending{instance="worker-1"}', values: '1x20' }],
    checks: [
      { at: '10m', alert: 'ValkeyRecoveryStuck', firing: [] },
      { at: '17m', alert: 'ValkeyRecoveryStuck', firing: [{}] },
    ],
  },
  {
    name: 'Valkey near its maxmemory; one without a maxmemory is not',
    series: [
      { series: 'redis_memory_used_bytes{instance="a"}', values: '95x10' },
      { series: 'redis_memory_max_bytes{instance="a"}', values: '100x10' },
      { series: 'redis_memory_used_bytes{instance="b"}', values: '95x10' },
      { series: 'redis_memory_max_bytes{instance="b"}', values: '0x10' },
    ],
    checks: [{ at: '7m', alert: 'ValkeyMemoryFull', firing: [{ instance: 'a' }] }],
  },
  {
    name: 'PostgreSQL down',
    series: [{ series: 'pg_up{instance="pg",job="postgres"}', values: '0x5' }],
    checks: [{ at: '2m', alert: 'PostgresDown', firing: [{ instance: 'pg', job: 'postgres' }] }],
  },
  {
    name: '270 of 300 connections used',
    series: [
      { series: 'pg_stat_activity_count{instance="pg",state="active"}', values: '200x10' },
      { series: 'pg_stat_activity_count{instance="pg",state="idle"}', values: '70x10' },
      { series: 'pg_settings_max_connections{instance="pg"}', values: '300x10' },
    ],
    checks: [{ at: '7m', alert: 'PostgresConnectionsSaturated', firing: [{ instance: 'pg' }] }],
  },
  {
    name: 'a replica a minute behind; the primary at 0',
    series: [
      { series: 'insightdesk_replication_lag_seconds{instance="replica"}', values: '60x10' },
      { series: 'insightdesk_replication_lag_seconds{instance="primary"}', values: '0x10' },
    ],
    checks: [{ at: '7m', alert: 'PostgresReplicaLagging', firing: [{ instance: 'replica' }] }],
  },
  {
    name: 'WAL archiving fails',
    series: [
      { series: 'insightdesk_wal_archiver_failing{instance="pg"}', values: '0 1 1 1 1 1 1 1 1' },
    ],
    checks: [
      { at: '3m', alert: 'PostgresWalArchiveFailing', firing: [] },
      { at: '8m', alert: 'PostgresWalArchiveFailing', firing: [{ instance: 'pg' }] },
    ],
  },
  {
    name: 'a deadlock a minute',
    series: [
      {
        series: 'pg_stat_database_deadlocks{instance="pg",datname="insightdesk"}',
        values: '0+1x20',
      },
    ],
    checks: [{ at: '16m', alert: 'PostgresDeadlocks', firing: [{ instance: 'pg' }] }],
  },
];

const up = (job: string, instance: string, values: string) => ({
  series: `up{${labels({ job, instance })}}`,
  values,
});
const probe = 'https://localhost:8443/health/live';

const platform: Case[] = [
  {
    name: 'both workers down: the service is down, and each instance',
    series: [
      up('worker', 'worker-1', '0x15'),
      up('worker', 'worker-2', '0x15'),
      up('api', 'api-1', '1x15'),
    ],
    checks: [
      { at: '3m', alert: 'ServiceDown', firing: [{ job: 'worker' }] },
      {
        at: '12m',
        alert: 'InstanceDown',
        firing: [
          { job: 'worker', instance: 'worker-1' },
          { job: 'worker', instance: 'worker-2' },
        ],
      },
    ],
  },
  {
    name: 'one api instance of two down: a ticket, no page',
    series: [up('api', 'api-1', '0x15'), up('api', 'api-2', '1x15')],
    checks: [
      { at: '12m', alert: 'ServiceDown', firing: [] },
      { at: '12m', alert: 'InstanceDown', firing: [{ job: 'api', instance: 'api-1' }] },
    ],
  },
  {
    name: 'an exporter that does not answer; the services are not its concern',
    series: [
      up('postgres', 'postgres', '0x15'),
      up('api', 'api-1', '0x15'),
      up('valkey', 'valkey', '1x15'),
    ],
    checks: [
      { at: '5m', alert: 'MonitoringTargetDown', firing: [] },
      {
        at: '12m',
        alert: 'MonitoringTargetDown',
        firing: [{ job: 'postgres', instance: 'postgres' }],
      },
    ],
  },
  {
    name: 'the edge probe fails',
    series: [{ series: `probe_success{job="blackbox-https",instance="${probe}"}`, values: '0x5' }],
    checks: [
      { at: '3m', alert: 'EdgeProbeFailing', firing: [{ job: 'blackbox-https', instance: probe }] },
    ],
  },
  {
    name: 'certificates expiring in 10 days (a ticket) and in 2 days (a page)',
    series: [
      {
        series: 'probe_ssl_earliest_cert_expiry{instance="edge",job="blackbox-https"}',
        values: '864000x80',
      },
      {
        series: 'probe_ssl_earliest_cert_expiry{instance="smtp",job="blackbox-smtp"}',
        values: '172800x80',
      },
    ],
    checks: [
      {
        at: '70m',
        alert: 'CertificateExpiringSoon',
        firing: [{ instance: 'edge' }, { instance: 'smtp' }],
      },
      { at: '70m', alert: 'CertificateExpiring', firing: [{ instance: 'smtp' }] },
    ],
  },
  {
    name: 'a disk at 14% and filling; a tmpfs at 1% is left out',
    series: [
      {
        series: 'node_filesystem_avail_bytes{instance="host",mountpoint="/",fstype="ext4"}',
        values: '14-0.01x60',
      },
      {
        series: 'node_filesystem_size_bytes{instance="host",mountpoint="/",fstype="ext4"}',
        values: '100x60',
      },
      {
        series: 'node_filesystem_avail_bytes{instance="host",mountpoint="/run",fstype="tmpfs"}',
        values: '1x60',
      },
      {
        series: 'node_filesystem_size_bytes{instance="host",mountpoint="/run",fstype="tmpfs"}',
        values: '100x60',
      },
    ],
    checks: [
      {
        at: '40m',
        alert: 'DiskFillingUp',
        firing: [{ instance: 'host', mountpoint: '/', fstype: 'ext4' }],
      },
      { at: '40m', alert: 'DiskAlmostFull', firing: [] },
    ],
  },
  {
    name: 'a disk at 4%',
    series: [
      {
        series: 'node_filesystem_avail_bytes{instance="host",mountpoint="/",fstype="ext4"}',
        values: '4x10',
      },
      {
        series: 'node_filesystem_size_bytes{instance="host",mountpoint="/",fstype="ext4"}',
        values: '100x10',
      },
    ],
    checks: [
      {
        at: '7m',
        alert: 'DiskAlmostFull',
        firing: [{ instance: 'host', mountpoint: '/', fstype: 'ext4' }],
      },
    ],
  },
];

const refusals = (budget: string, values: string) => ({
  series: `rate_limit_refusals_total{${labels({ instance: 'api-1', budget })}}`,
  values,
});

const security: Case[] = [
  {
    name: 'one address guesses one account: refused by its pair budget, then quiet again',
    series: [
      refusals('login-account-address', '0 0 5 45 45 45 45 45 45 45 45 45 45 45 45 45 45 45'),
    ],
    checks: [
      { at: '1m', alert: 'LoginFailuresOneAccountOneAddress', firing: [] },
      { at: '4m', alert: 'LoginFailuresOneAccountOneAddress', firing: [{}] },
      { at: '4m', alert: 'LoginFailuresOneAccount', firing: [] },
      { at: '16m', alert: 'LoginFailuresOneAccountOneAddress', firing: [] },
    ],
  },
  {
    name: 'each budget names its burst',
    series: [
      refusals('login-ip', '0 0 3 3'),
      refusals('login-account', '0 0 3 3'),
      refusals('2fa-user-address', '0 0 3 3'),
      refusals('2fa-user', '0 0 3 3'),
    ],
    checks: [
      { at: '3m', alert: 'LoginFailuresOneAddress', firing: [{}] },
      { at: '3m', alert: 'LoginFailuresOneAccount', firing: [{}] },
      { at: '3m', alert: 'SecondFactorFailuresOneAddress', firing: [{}] },
      { at: '3m', alert: 'SecondFactorFailuresOneAccount', firing: [{}] },
      { at: '3m', alert: 'LoginFailuresOneAccountOneAddress', firing: [] },
    ],
  },
  {
    name: 'other budgets (registrations) are no login burst',
    series: [refusals('register-ip', '0 0 30 30')],
    checks: [
      { at: '3m', alert: 'LoginFailuresOneAddress', firing: [] },
      { at: '3m', alert: 'LoginFailuresOneAccount', firing: [] },
    ],
  },
  {
    name: 'two failed logins a second across the deployment',
    series: [
      {
        series: 'http_problems_total{instance="api-1",code="invalid_credentials"}',
        values: '0+120x30',
      },
      { series: 'http_problems_total{instance="api-1",code="rate_limited"}', values: '0+600x30' },
    ],
    checks: [{ at: '25m', alert: 'LoginFailuresHigh', firing: [{}] }],
  },
  {
    name: 'a refresh token used twice',
    series: [
      {
        series: 'http_problems_total{instance="api-2",code="refresh_token_reused"}',
        values: '0 0 1 1 1',
      },
    ],
    checks: [
      { at: '1m', alert: 'RefreshTokenReuse', firing: [] },
      { at: '3m', alert: 'RefreshTokenReuse', firing: [{}] },
    ],
  },
  {
    name: 'the scheduled verification finds a broken chain; valid walks are quiet',
    series: [
      {
        series: 'audit_verifications_total{instance="worker-1",outcome="valid"}',
        values: '0+3x10',
      },
      {
        series: 'audit_verifications_total{instance="worker-1",outcome="broken"}',
        values: '0 0 1 1 1',
      },
    ],
    checks: [
      { at: '1m', alert: 'AuditChainBroken', firing: [] },
      { at: '3m', alert: 'AuditChainBroken', firing: [{}] },
    ],
  },
];

/** Each rule file's cases (every alert has one that fires: tests/foundation/monitoring-rules.test.ts). */
export const PRODUCTION_CASES: Record<string, Case[]> = {
  api,
  realtime,
  queues,
  data,
  platform,
  security,
};
