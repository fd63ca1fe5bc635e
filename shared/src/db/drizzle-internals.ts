import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PostgresJsSession } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import type { Executor, Schema } from './types';

// drizzle-orm's internals, reached here and nowhere else (drizzle-internals.test.ts exercises
// each against the pinned version):
//
// - `db._.session`: the session of a database or transaction (typed as any dialect's PgSession;
//   under postgres-js a PostgresJsSession), and its `client`: the postgres.js driver its
//   statements run on — the pool's for a database, the transaction's own connection (what
//   `sql.begin` hands its function) for a transaction, the savepoint's for a nested one;
// - what client.ts's `preparing` driver relies on: the session runs every statement through
//   `client.unsafe(text, params, options)`, a transaction through `client.begin(fn)` and a
//   nested one through `client.savepoint(fn)`.

/** The version whose internals this file was written against. */
export const DRIZZLE = { name: 'drizzle-orm', version: '0.45.4' } as const;

type Session = PostgresJsSession<Sql, Schema, ExtractTablesWithRelations<Schema>>;

/** The driver under a drizzle database or transaction: for a transaction, its own connection. */
export function driverOf(db: Executor): Sql {
  return (db._.session as Session).client;
}
