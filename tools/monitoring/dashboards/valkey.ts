import type { DashboardSpec } from './kit';

const R = '$__rate_interval';

/** redis_exporter's view of Valkey, with the platform's epoch of its data. */
export const valkey: DashboardSpec = {
  uid: 'insightdesk-valkey',
  title: 'InsightDesk / Valkey',
  description:
    'Valkey (queues, live events, caches, budgets): availability, memory against maxmemory, commands, clients, persistence and the epoch of its data.',
  rows: [
    {
      title: 'State',
      panels: [
        {
          title: 'Up',
          question: 'Does each Valkey server answer?',
          kind: 'stat',
          queries: [{ expr: 'max by (instance) (redis_up)', legend: '{{ instance }}' }],
        },
        {
          title: 'Memory used',
          question:
            'How much memory does Valkey use, against its maxmemory (writes fail when full)?',
          unit: 'bytes',
          queries: [
            { expr: 'max by (instance) (redis_memory_used_bytes)', legend: '{{ instance }} used' },
            { expr: 'max by (instance) (redis_memory_max_bytes)', legend: '{{ instance }} max' },
          ],
        },
        {
          title: 'Epoch of the data',
          question: "When did the current generation of Valkey's data start (a step: data lost)?",
          unit: 'dateTimeAsIso',
          queries: [
            { expr: 'max(valkey_epoch_started_timestamp_seconds) * 1000', legend: 'started' },
          ],
        },
        {
          title: 'Recovery pending',
          question: 'Is the work lost with Valkey still being queued again from PostgreSQL?',
          kind: 'stat',
          queries: [{ expr: 'max(valkey_epoch_recovery_pending)' }],
        },
        {
          title: 'Keys by database',
          question: 'How many keys does Valkey hold?',
          queries: [{ expr: 'sum by (db) (redis_db_keys)', legend: '{{ db }}' }],
        },
        {
          title: 'Evicted keys',
          question: 'Did Valkey evict anything (it must not: BullMQ needs noeviction)?',
          queries: [{ expr: `sum(increase(redis_evicted_keys_total[${R}]))`, legend: 'evicted' }],
        },
      ],
    },
    {
      title: 'Load',
      panels: [
        {
          title: 'Commands per second',
          question: 'How busy is Valkey?',
          unit: 'ops',
          queries: [
            {
              expr: `sum by (instance) (rate(redis_commands_processed_total[${R}]))`,
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'Top commands',
          question: 'Which commands make the load (scripts, stream reads, publishes…)?',
          unit: 'ops',
          queries: [
            {
              expr: `topk(10, sum by (cmd) (rate(redis_commands_total[${R}])))`,
              legend: '{{ cmd }}',
            },
          ],
        },
        {
          title: 'Time per command',
          question: 'How long does each kind of command take on average?',
          unit: 's',
          queries: [
            {
              expr: `topk(10, sum by (cmd) (rate(redis_commands_duration_seconds_total[${R}])) / sum by (cmd) (rate(redis_commands_total[${R}])))`,
              legend: '{{ cmd }}',
            },
          ],
        },
        {
          title: 'Clients',
          question: 'How many connections (and blocked ones: BullMQ waiting for jobs) are open?',
          queries: [
            { expr: 'sum(redis_connected_clients)', legend: 'connected' },
            { expr: 'sum(redis_blocked_clients)', legend: 'blocked' },
          ],
        },
        {
          title: 'Pub/sub channels',
          question: 'How many channels carry live events and invalidations?',
          queries: [{ expr: 'sum(redis_pubsub_channels)', legend: 'channels' }],
        },
        {
          title: 'Cache hit ratio',
          question: 'How often do lookups find their key?',
          unit: 'percentunit',
          queries: [
            {
              expr: `sum(rate(redis_keyspace_hits_total[${R}]))\n/\n(sum(rate(redis_keyspace_hits_total[${R}])) + sum(rate(redis_keyspace_misses_total[${R}])))`,
              legend: 'hits',
            },
          ],
        },
        {
          title: 'AOF last write',
          question: 'Did the last append to the AOF succeed (1) — is persistence working?',
          kind: 'stat',
          queries: [
            { expr: 'max by (instance) (redis_aof_last_write_status)', legend: '{{ instance }}' },
          ],
        },
      ],
    },
  ],
};
