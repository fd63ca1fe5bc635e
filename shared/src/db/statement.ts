import { fillPlaceholders, type SQL } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { render } from './fixed';
import type { Executor } from './types';

/**
 * A hot statement: its text rendered once, its values named with `sql.placeholder(name)` and
 * given on each call, run prepared on the driver of the database or transaction it is handed.
 * drizzle's `execute` renders the statement's tree and builds a prepared-query object on every
 * call, about 3 µs of JavaScript per query on this machine (bench/README.md) — for the ticket
 * read, a twentieth of what separates it from its I/O floor.
 */
export function statement<Row, Values extends object>(query: SQL) {
  const { sql: text, params } = render(query);
  return async (db: Executor, values: Values): Promise<Row[]> =>
    driverOf(db).unsafe(
      text,
      fillPlaceholders(params, values as Record<string, unknown>) as never[],
      {
        prepare: true,
      },
    );
}

/**
 * The driver under a drizzle database or transaction: for a transaction, its own connection.
 * (drizzle's postgres-js session keeps it as `client`; the suite runs every statement() through
 * both.)
 */
function driverOf(db: Executor): Sql {
  return (db._.session as unknown as { client: Sql }).client;
}
