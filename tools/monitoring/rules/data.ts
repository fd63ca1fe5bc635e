import type { RuleProfile } from '../profile';
import { alert, type RuleGroup } from '../rule';

/**
 * The data services: Valkey (redis_exporter, and the platform's epoch of its data) and
 * PostgreSQL (postgres_exporter, with the queries in deploy/monitoring/exporters/).
 */
export function dataRules(p: RuleProfile): RuleGroup[] {
  return [
    {
      name: 'insightdesk-valkey.alerts',
      rules: [
        alert({
          name: 'ValkeyDown',
          expr: 'redis_up == 0',
          for: p.d('1m'),
          severity: 'page',
          summary: 'Valkey {{ $labels.instance }} does not answer',
          description:
            'Queues, live events, caches and rate limits need it: mail and events wait (committed in PostgreSQL), logins fail open on their budgets.',
        }),
        alert({
          name: 'ValkeyDataLost',
          expr: `max(changes(valkey_epoch_started_timestamp_seconds[${p.d('15m')}])) > 0`,
          severity: 'ticket',
          summary: 'Valkey lost its data and a new epoch started',
          description:
            "The key that marks the generation of Valkey's data disappeared (a restart without persistence, a failover to a replica that was behind, a FLUSHALL): the workers queue again what PostgreSQL records, and clients resync.",
        }),
        alert({
          name: 'ValkeyRecoveryStuck',
          expr: 'max(valkey_epoch_recovery_pending) == 1',
          for: p.d('15m'),
          severity: 'page',
          summary: "The work lost with Valkey's data has not been queued again for 15 minutes",
          description:
            'After a loss a worker re-drives the outbox, the schedules and the pending deliveries, then marks the epoch done. It is still pending: no worker runs, or the recovery keeps failing.',
        }),
        alert({
          name: 'ValkeyMemoryFull',
          expr: 'redis_memory_used_bytes / (redis_memory_max_bytes > 0) > 0.9',
          for: p.d('5m'),
          severity: 'page',
          summary: 'Valkey {{ $labels.instance }} uses over 90% of its maxmemory',
          description:
            'Valkey runs with noeviction (BullMQ needs it): once full, every write fails — jobs, events, budgets.',
        }),
      ],
    },
    {
      name: 'insightdesk-postgresql.alerts',
      rules: [
        alert({
          name: 'PostgresDown',
          expr: 'pg_up == 0',
          for: p.d('1m'),
          severity: 'page',
          summary: 'PostgreSQL {{ $labels.instance }} does not answer the exporter',
          description: 'Every write and most reads need it: the api answers 503.',
        }),
        alert({
          name: 'PostgresConnectionsSaturated',
          expr: 'sum by (instance) (pg_stat_activity_count)\n/\nmax by (instance) (pg_settings_max_connections)\n> 0.85',
          for: p.d('5m'),
          severity: 'page',
          summary: 'PostgreSQL {{ $labels.instance }} uses over 85% of max_connections',
          description:
            'Each service instance holds a pool (DB_POOL_MAX); more instances or a leak take the rest, then connections are refused.',
        }),
        alert({
          name: 'PostgresReplicaLagging',
          expr: `max by (instance) (insightdesk_replication_lag_seconds) > ${p.s(30)}`,
          for: p.d('5m'),
          severity: 'ticket',
          summary: 'Replica {{ $labels.instance }} is more than 30 s behind its primary',
          description:
            'Reads that tolerate lag leave a replica further behind than DATABASE_REPLICA_MAX_LAG_MS; a failover to it would lose what it has not replayed.',
        }),
        alert({
          name: 'PostgresWalArchiveFailing',
          expr: 'max by (instance) (insightdesk_wal_archiver_failing) == 1',
          for: p.d('5m'),
          severity: 'page',
          summary: 'PostgreSQL {{ $labels.instance }} cannot archive its WAL',
          description:
            "The archive_command's last attempt failed after its last success: point-in-time recovery stops at the last archived segment, and pg_wal grows until the disk is full.",
        }),
        alert({
          name: 'PostgresDeadlocks',
          expr: `sum by (instance) (increase(pg_stat_database_deadlocks[${p.d('15m')}])) > 5`,
          severity: 'ticket',
          summary: 'PostgreSQL {{ $labels.instance }} broke more than 5 deadlocks in 15 minutes',
          description:
            'Transactions wait on each other in a cycle; one of each is rolled back (SQLSTATE 40P01).',
        }),
      ],
    },
  ];
}
