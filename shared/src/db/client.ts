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

export function createDatabase(options: DatabaseOptions): Database {
  const sql = postgres(options.url, {
    max: options.poolMax,
    idle_timeout: 60,
    connect_timeout: 5,
    connection: { application_name: options.applicationName },
    onnotice: (notice) => options.logger.debug({ notice: notice.message }, 'postgres notice'),
  });
  const db = drizzle(sql, { schema });
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
