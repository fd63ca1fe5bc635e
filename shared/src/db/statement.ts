import { fillPlaceholders, type SQL } from 'drizzle-orm';
import type { Sql } from 'postgres';
import { driverOf } from './drizzle-internals';
import { render } from './fixed';
import type { Executor } from './types';

/**
 * A hot statement: its text rendered once, its values named with `sql.placeholder(name)` and
 * given on each call, run prepared on the driver of the database or transaction it is handed.
 * drizzle's `execute` renders the statement's tree and builds a prepared-query object on every
 * call, about 3 µs of JavaScript per query on this machine (bench/README.md) — for the ticket
 * read, a twentieth of what separates it from its I/O floor.
 *
 * A statement is handed to its connection when it is called, not when it is awaited: on a
 * transaction, statements called one after another without awaiting in between go out in that
 * order, together, and PostgreSQL runs each once the one before has finished — a lock taken by
 * the first is held when the next one starts and takes its snapshot, one round trip for both.
 */
export function statement<Row, Values extends object>(query: SQL, options: StatementOptions = {}) {
  const { sql: text, params } = render(query);
  const fill = (values: Values) =>
    fillPlaceholders(params, values as Record<string, unknown>) as unknown[];
  const driverFor = options.pipelined ? pipelinedDriverOf : driverOf;
  return Object.assign(
    (db: Executor, values: Values): Promise<Row[]> => {
      try {
        // postgres.js queues a query on its first then(); execute() does it now, in call order.
        return driverFor(db)
          .unsafe(text, fill(values) as never[], { prepare: true })
          .execute() as unknown as Promise<Row[]>;
      } catch (err) {
        // A value left out (fill) fails as the async function did: a rejection, not a throw.
        return Promise.reject(err);
      }
    },
    {
      /** The statement sent ahead of its transaction's COMMIT (`sendWithCommit`). */
      withCommit: (db: Executor, values: Values): Promise<void> =>
        sendTextWithCommit(db, text, fill(values)),
    },
  );
}

export interface StatementOptions {
  /**
   * A short read that takes no lock of its own (no `for update`, no advisory lock): outside a
   * transaction it runs on the database's pipeline connections (`DB_PIPELINE_MAX`,
   * `pipelineStatements`), queued on one of a few connections behind other such reads rather
   * than spread over the pool. Under load one write to PostgreSQL, and one wake-up of its
   * backend, then carries several reads (the ticket read's CPU, in the api and in PostgreSQL:
   * bench/README.md). A statement that can wait (a row or advisory lock, a
   * long scan) would hold up every read queued behind it, so it stays on the pool; what every
   * read of its tables waits for (a migration's `ALTER TABLE`) holds them up on the pool too.
   * In a transaction it runs on the transaction's connection, as any statement.
   */
  readonly pipelined?: boolean;
}

/** The pool's driver → the connections its pipelined statements share (client.ts). */
const pipelines = new WeakMap<Sql, Sql>();

/** From now on, pipelined statements given `pool`'s database run on `pipeline`. */
export function pipelineStatements(pool: Sql, pipeline: Sql): void {
  pipelines.set(pool, pipeline);
}

function pipelinedDriverOf(db: Executor): Sql {
  const driver = driverOf(db);
  return pipelines.get(driver) ?? driver;
}

/** Per open transaction (its driver): what was sent ahead of its COMMIT, not yet answered. */
const atCommit = new WeakMap<Sql, Promise<unknown>[]>();

/**
 * For the database's transactions (client.ts): from now on, `sendWithCommit` on `tx` sends
 * without waiting; the list it answers is what to await once the transaction has committed.
 */
export function openCommit(tx: Sql): Promise<unknown>[] {
  const sent: Promise<unknown>[] = [];
  atCommit.set(tx, sent);
  return sent;
}

/** The transaction has ended: a statement sent on it from now on is awaited as any other. */
export function closeCommit(tx: Sql): void {
  atCommit.delete(tx);
}

/**
 * A write whose answer its transaction does not wait for (the outbox's insert): sent at once, so
 * it is ahead of the COMMIT on the transaction's connection — in the same write when nothing is
 * awaited after it — and a round trip per transaction fewer. If it fails, PostgreSQL aborts the
 * transaction and answers the COMMIT with a rollback; the transaction then rejects with its error
 * (client.ts awaits what was sent). Outside a transaction it is an ordinary statement.
 */
export function sendWithCommit(db: Executor, query: SQL): Promise<void> {
  const { sql: text, params } = render(query);
  return sendTextWithCommit(db, text, params);
}

function sendTextWithCommit(db: Executor, text: string, params: unknown[]): Promise<void> {
  const driver = driverOf(db);
  const query = driver.unsafe(text, params as never[], { prepare: true });
  const sent = atCommit.get(driver);
  if (!sent) return query.then(() => undefined);
  // Handed to the connection on the next microtask: before the COMMIT, which postgres.js sends
  // only after the transaction's function has returned and its promise settled.
  query.execute();
  // Handled now (a transaction that fails before committing never awaits it), awaited by client.ts.
  query.catch(() => {});
  sent.push(query);
  return Promise.resolve();
}
