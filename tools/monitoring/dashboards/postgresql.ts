import type { DashboardSpec } from './kit';

const R = '$__rate_interval';

/** postgres_exporter's view of PostgreSQL, with the queries of deploy/monitoring/exporters/. */
export const postgresql: DashboardSpec = {
  uid: 'insightdesk-postgresql',
  title: 'InsightDesk / PostgreSQL',
  description:
    'The top statements from pg_stat_statements, connections, locks, transactions, replication and WAL archiving.',
  rows: [
    {
      title: 'Statements (pg_stat_statements)',
      panels: [
        {
          title: 'Top statements by time spent',
          question: 'Which normalized statements take most of the database’s time now?',
          unit: 's',
          width: 24,
          queries: [
            {
              expr: `topk(10, sum by (queryid, query) (rate(insightdesk_statements_exec_seconds[${R}])))`,
              legend: '{{ query }}',
            },
          ],
        },
        {
          title: 'Top statements by calls',
          question: 'Which statements run most often?',
          unit: 'ops',
          width: 12,
          queries: [
            {
              expr: `topk(10, sum by (queryid, query) (rate(insightdesk_statements_calls[${R}])))`,
              legend: '{{ query }}',
            },
          ],
        },
        {
          title: 'Slowest statements on average',
          question:
            'Which of the top statements is slow per call (mean since the statistics were reset)?',
          kind: 'table',
          unit: 's',
          width: 12,
          queries: [
            {
              expr: 'topk(10, max by (queryid, query) (insightdesk_statements_mean_seconds))',
            },
          ],
        },
      ],
    },
    {
      title: 'Connections and locks',
      panels: [
        {
          title: 'Connections by state',
          question: 'How are the connections used (active, idle, idle in transaction)?',
          queries: [
            {
              expr: 'sum by (state) (pg_stat_activity_count)',
              legend: '{{ state }}',
            },
          ],
        },
        {
          title: 'Connection saturation',
          question: 'How close is each server to max_connections?',
          unit: 'percentunit',
          queries: [
            {
              expr: 'sum by (instance) (pg_stat_activity_count)\n/\nmax by (instance) (pg_settings_max_connections)',
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'Longest transaction',
          question: 'Is a transaction held open for long (blocking vacuum, holding locks)?',
          unit: 's',
          queries: [
            {
              expr: 'max by (instance) (pg_stat_activity_max_tx_duration)',
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'Locks by mode',
          question: 'Which lock modes are held?',
          queries: [{ expr: 'sum by (mode) (pg_locks_count)', legend: '{{ mode }}' }],
        },
        {
          title: 'Lock waits',
          question: 'Are sessions waiting on locks, and for how long has the longest waited?',
          queries: [
            { expr: 'max(insightdesk_lock_waits_waiting)', legend: 'waiting' },
            { expr: 'max(insightdesk_lock_waits_longest_seconds)', legend: 'longest wait (s)' },
          ],
        },
        {
          title: 'Deadlocks',
          question: 'Did transactions deadlock (one of each rolled back)?',
          queries: [
            {
              expr: `sum by (instance) (increase(pg_stat_database_deadlocks[${R}]))`,
              legend: '{{ instance }}',
            },
          ],
        },
      ],
    },
    {
      title: 'Throughput, replication and WAL',
      panels: [
        {
          title: 'Transactions per second',
          question: 'How many transactions commit and roll back?',
          unit: 'ops',
          queries: [
            { expr: `sum(rate(pg_stat_database_xact_commit[${R}]))`, legend: 'commit' },
            { expr: `sum(rate(pg_stat_database_xact_rollback[${R}]))`, legend: 'rollback' },
          ],
        },
        {
          title: 'Cache hit ratio',
          question: 'Do reads come from shared buffers, or from disk?',
          unit: 'percentunit',
          queries: [
            {
              expr: `sum(rate(pg_stat_database_blks_hit[${R}]))\n/\n(sum(rate(pg_stat_database_blks_hit[${R}])) + sum(rate(pg_stat_database_blks_read[${R}])))`,
              legend: 'hit ratio',
            },
          ],
        },
        {
          title: 'Replication lag',
          question: 'How far behind its primary is each replica (0 on the primary)?',
          unit: 's',
          queries: [
            {
              expr: 'max by (instance) (insightdesk_replication_lag_seconds)',
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'WAL archived and failed',
          question: 'Does WAL archiving keep up, and does it fail?',
          unit: 'ops',
          queries: [
            { expr: `sum(rate(pg_stat_archiver_archived_count[${R}]))`, legend: 'archived' },
            { expr: `sum(rate(pg_stat_archiver_failed_count[${R}]))`, legend: 'failed' },
          ],
        },
        {
          title: 'Since the last archived segment',
          question: 'When was a WAL segment last archived (with archiving on)?',
          unit: 's',
          queries: [
            {
              expr: 'max by (instance) (pg_stat_archiver_last_archive_age)',
              legend: '{{ instance }}',
            },
          ],
        },
        {
          title: 'Database size',
          question: 'How large is each database, and how fast does it grow?',
          unit: 'bytes',
          queries: [
            {
              expr: 'max by (datname) (pg_database_size_bytes)',
              legend: '{{ datname }}',
            },
          ],
        },
      ],
    },
  ],
};
