import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import type { Logger } from '../logger';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PostgresJsDatabase<Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Where a query runs: the pool, or an open transaction (nested calls become savepoints). */
export type Executor = Db | Tx;

export interface Database {
  readonly sql: Sql;
  readonly db: Db;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  readonly url: string;
  readonly poolMax: number;
  readonly applicationName: string;
  readonly logger: Logger;
}

/**
 * postgres.js prepares its tagged-template queries, but not `unsafe()` ones, and `unsafe()` is
 * what drizzle runs (unless a query is explicitly `.prepare('name')`d). Unprepared, PostgreSQL
 * parses and plans every statement again: measured here, 4× fewer queries per second. This
 * adapter makes drizzle's queries prepared (cached per connection by their text), in
 * transactions too.
 */
function preparing(client: Sql): Sql {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'unsafe') {
        return (query: string, params?: unknown[], opts?: Record<string, unknown>) =>
          target.unsafe(
            query,
            params as never,
            params && params.length > 0 ? { ...opts, prepare: true } : opts,
          );
      }
      if (key === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.at(-1) as (tx: Sql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args.slice(0, -1), (tx: Sql) =>
            fn(preparing(tx)),
          );
        };
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

export function createDatabase(options: DatabaseOptions): Database {
  const sql = postgres(options.url, {
    max: options.poolMax,
    idle_timeout: 60,
    connect_timeout: 5,
    connection: { application_name: options.applicationName },
    onnotice: (notice) => options.logger.debug({ notice: notice.message }, 'postgres notice'),
  });
  const db = drizzle(preparing(sql), { schema });
  return {
    sql,
    db,
    async ping() {
      await sql`select 1`;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}
