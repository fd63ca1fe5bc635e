import { drizzle } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { isPlannedPerExecution } from './planned-per-execution';
import { reconnectDelaySeconds } from './reconnect';
import { createReplicaRouter, LAG_QUERY, type Replica, type ReplicaStatus } from './replicas';
import * as schema from './schema';
import { type SlowStatements, watchStatement } from './slow-statements';
import { closeCommit, openCommit, pipelineStatements } from './statement';
import type { Db } from './types';
import {
  closeNotifications,
  createNotifier,
  notificationsOf,
  notifyCommitted,
  openNotifications,
  registerNotifier,
} from './wake';

export type { Db, Executor, Schema, Tx } from './types';

export interface Database {
  readonly sql: Sql;
  /** The primary: writes, transactions, and reads that must see the latest writes. */
  readonly db: Db;
  /**
   * A read that tolerates lag (lists, search, analytics), opted into at its call site: on a
   * usable read replica when there is one, otherwise on the primary.
   */
  readReplica<T>(read: (db: Db) => Promise<T>): Promise<T>;
  /** Each replica's state and replay lag, for /health. */
  replicas(): ReplicaStatus[];
  ping(): Promise<void>;
  /**
   * Resolves when the server behind the URL takes writes; throws when it is in recovery (a
   * standby: a primary that became a replica, or one not promoted yet).
   */
  writable(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  readonly url: string;
  readonly poolMax: number;
  readonly applicationName: string;
  readonly logger: Logger;
  /** Streaming replicas (DATABASE_REPLICA_URLS); none: every read runs on the primary. */
  readonly replicaUrls?: readonly string[];
  readonly replicaMaxLagMs?: number;
  /** Where `insightdesk_db_reads_total` is registered. */
  readonly registry?: Registry;
  /**
   * Connections the pipelined statements share (`statement(…, { pipelined: true })`,
   * DB_PIPELINE_MAX), besides the pool's; 0 or none: they run on the pool.
   */
  readonly pipelineMax?: number;
  /**
   * Statements slower than this (DB_SLOW_STATEMENT_MS; 0 or none: none) are logged with their
   * text and the id of the request running them (`currentRequest`): slow-statements.ts.
   * Pipelined statements are not timed.
   */
  readonly slowStatementMs?: number;
  /** The id of the request running now (the service kit's request scope), if any. */
  readonly currentRequest?: () => string | undefined;
}

/**
 * postgres.js prepares its tagged-template queries, but not `unsafe()` ones, and `unsafe()` is
 * what drizzle runs (unless a query is explicitly `.prepare('name')`d). Unprepared, PostgreSQL
 * parses and plans every statement again: measured here, 4× fewer queries per second. This
 * adapter makes drizzle's queries prepared (cached per connection by their text), in
 * transactions too; not those marked to be planned per execution (planned-per-execution.ts).
 */
function preparing(client: Sql, slow?: SlowStatements): Sql {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'unsafe') {
        return (query: string, params?: unknown[], opts?: Record<string, unknown>) => {
          const prepare = params && params.length > 0 && !isPlannedPerExecution(query);
          const statement = target.unsafe(
            query,
            params as never,
            prepare ? { ...opts, prepare: true } : opts,
          );
          if (slow) watchStatement(statement, query, slow);
          return statement;
        };
      }
      if (key === 'begin') {
        return async (...args: unknown[]) => {
          const fn = args.at(-1) as (tx: Sql) => unknown;
          let sentWithCommit: Promise<unknown>[] = [];
          let notifications = new Set<string>();
          let prepared: Sql | undefined;
          let result: unknown;
          try {
            result = await (target.begin as (...a: unknown[]) => Promise<unknown>)(
              ...args.slice(0, -1),
              (tx: Sql) => {
                prepared = preparing(tx, slow);
                sentWithCommit = openCommit(prepared);
                notifications = openNotifications(prepared);
                return fn(prepared);
              },
            );
          } finally {
            if (prepared) {
              closeCommit(prepared);
              closeNotifications(prepared);
            }
          }
          // What went ahead of the COMMIT unanswered (statement.ts, sendWithCommit): one that
          // failed aborted the transaction, which the COMMIT then rolled back; its error is ours.
          await Promise.all(sentWithCommit);
          // Committed: what it asked to notify goes now, outside it (wake.ts says why).
          notifyCommitted(receiver as Sql, notifications);
          return result;
        };
      }
      if (key === 'savepoint') {
        // A savepoint's statements are prepared too, and notify when its transaction commits.
        return (...args: unknown[]) => {
          const fn = args.at(-1) as (sp: Sql) => unknown;
          const notifications = notificationsOf(receiver as Sql);
          let prepared: Sql | undefined;
          return (target as unknown as { savepoint: (...a: unknown[]) => Promise<unknown> })
            .savepoint(...args.slice(0, -1), (sp: Sql) => {
              prepared = preparing(sp, slow);
              if (notifications) openNotifications(prepared, notifications);
              return fn(prepared);
            })
            .finally(() => {
              if (prepared) closeNotifications(prepared);
            });
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

function openPool(url: string, poolMax: number, options: DatabaseOptions) {
  const connect = (max: number, applicationName: string) =>
    postgres(url, {
      max,
      idle_timeout: 60,
      connect_timeout: 5,
      backoff: reconnectDelaySeconds,
      // A plain transaction's statements go out with its BEGIN, a round trip per transaction
      // fewer (patches/postgres@3.4.9.patch, opt-in: docs/patches.md). Safe here because no query
      // of ours is cancelled: a cancel landing on that BEGIN would leave them outside it.
      pipeline_begin: true,
      // No parallel workers: the services' statements read a page (a LIMIT walk of an index),
      // and with a row estimate off by much (a common word's matches) PostgreSQL started two
      // workers for one: 11.6 ms where the walk alone takes 0.6 (bench/data-scale.ts, 1 M).
      connection: { application_name: applicationName, max_parallel_workers_per_gather: 0 },
      onnotice: (notice) => options.logger.debug({ notice: notice.message }, 'postgres notice'),
    });
  const sql = connect(poolMax, options.applicationName);
  const thresholdMs = options.slowStatementMs ?? 0;
  const client = preparing(
    sql,
    thresholdMs > 0
      ? {
          thresholdMs,
          logger: options.logger,
          context: options.currentRequest ?? (() => undefined),
        }
      : undefined,
  );
  registerNotifier(client, createNotifier(sql, options.logger));
  const db = drizzle(client, { schema });
  // Connected when a pipelined statement first runs (postgres.js opens connections lazily), and
  // told apart in pg_stat_activity by its name.
  const pipeline = options.pipelineMax
    ? connect(options.pipelineMax, `${options.applicationName}:pipeline`)
    : null;
  if (pipeline) {
    // drizzle hands dates and JSON through as text on the pool's driver (it rewrote its parsers
    // above): a statement answers the same values on either.
    Object.assign(pipeline.options.parsers, sql.options.parsers);
    Object.assign(pipeline.options.serializers, sql.options.serializers);
    pipelineStatements(client, pipeline);
  }
  return {
    sql,
    db,
    end: async () => {
      await Promise.all([sql.end({ timeout: 5 }), pipeline?.end({ timeout: 5 })]);
    },
  };
}

/** host:port/database of a URL: names a replica in logs and /health without its credentials. */
function targetOf(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
}

/** How often at most a replica's pool that reaches a primary is opened again. */
const REOPEN_MS = 5000;

/**
 * A replica's pool. One that reaches a server not in recovery — a replica promoted in a failover,
 * or a proxy's fallback to the primary while no replica runs — is opened again, at most every
 * REOPEN_MS: its connections would stay where they are after a replica comes back (the probe keeps
 * one busy), and the router would read from the primary for good.
 */
function replicaPool(url: string, options: DatabaseOptions): Replica {
  let pool = openPool(url, options.poolMax, options);
  let openedAt = Date.now();
  return {
    target: targetOf(url),
    get db() {
      return pool.db;
    },
    async probe() {
      const [row] = await pool.sql.unsafe<{ lag_ms: number; standby: boolean }[]>(LAG_QUERY);
      const standby = row?.standby !== false;
      if (!standby && Date.now() - openedAt > REOPEN_MS) {
        const old = pool;
        pool = openPool(url, options.poolMax, options);
        openedAt = Date.now();
        void old.end();
      }
      return { lagMs: Number(row?.lag_ms ?? 0), standby };
    },
    close: () => pool.end(),
  };
}

export function createDatabase(options: DatabaseOptions): Database {
  const { sql, db, end } = openPool(options.url, options.poolMax, options);
  const router = createReplicaRouter({
    primary: db,
    replicas: (options.replicaUrls ?? []).map((url) => replicaPool(url, options)),
    maxLagMs: options.replicaMaxLagMs ?? 5000,
    logger: options.logger,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  return {
    sql,
    db,
    readReplica: (read) => router.read(read),
    replicas: () => router.status(),
    async ping() {
      await sql`select 1`;
    },
    async writable() {
      const [row] = await sql<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
      if (row?.standby) throw new Error('the server is a standby (in recovery): writes answer 503');
    },
    async close() {
      await Promise.all([end(), router.close()]);
    },
  };
}
