import type { Logger } from '../logger';
import type { Database } from './client';
import type { MigrationFile } from './migration-plan';

/**
 * How long a migration's statement may wait for a lock and run. A DDL statement queued behind a
 * long transaction holds up every query behind it on that table: it gives up after `lockMs`
 * (PostgreSQL's lock_timeout), rolls back and is tried again after a pause, up to `lockRetries`
 * times, so the service keeps answering meanwhile. `statementMs` bounds a statement (a backfill
 * runs in batches, each well within it).
 */
export interface MigrationTimeouts {
  readonly lockMs: number;
  readonly statementMs: number;
  readonly lockRetries: number;
  /** The pause before the first retry; doubled for each next one. */
  readonly retryPauseMs: number;
}

export const MIGRATION_TIMEOUTS: MigrationTimeouts = {
  lockMs: 5_000,
  statementMs: 15 * 60_000,
  lockRetries: 5,
  retryPauseMs: 1_000,
};

/** lock_not_available: lock_timeout expired. */
const LOCK_NOT_AVAILABLE = '55P03';

const lockTimedOut = (err: unknown) =>
  (err as { code?: string } | null)?.code === LOCK_NOT_AVAILABLE;

/**
 * Applies one migration and records it in its set's journal (`journal`: schema-qualified and
 * quoted): in one transaction with the timeouts set locally, or statement by statement with
 * them set on a connection of its own (`no-transaction`). A lock not granted in time is tried
 * again (the whole transaction, or the statement), up to `lockRetries` times.
 */
export async function applyMigration(
  database: Database,
  journal: string,
  migration: MigrationFile,
  timeouts: MigrationTimeouts,
  logger: Logger,
): Promise<void> {
  const record = `insert into ${journal} (hash, created_at) values ($1, $2)`;
  const withRetries = async (what: string, run: () => Promise<unknown>) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        if (!lockTimedOut(err) || attempt >= timeouts.lockRetries) throw err;
        const pause = timeouts.retryPauseMs * 2 ** attempt;
        logger.warn(
          { migration: migration.tag, what, attempt: attempt + 1, pauseMs: pause },
          'migration: a lock was not granted in time; trying again',
        );
        await Bun.sleep(pause);
      }
    }
  };

  if (migration.transaction) {
    await withRetries('transaction', () =>
      database.sql.begin(async (tx) => {
        await tx.unsafe(`set local lock_timeout = ${timeouts.lockMs}`);
        await tx.unsafe(`set local statement_timeout = ${timeouts.statementMs}`);
        for (const statement of migration.statements) await tx.unsafe(statement);
        await tx.unsafe(record, [migration.hash, migration.when]);
      }),
    );
    return;
  }
  const connection = await database.sql.reserve();
  try {
    await connection.unsafe(`set lock_timeout = ${timeouts.lockMs}`);
    await connection.unsafe(`set statement_timeout = ${timeouts.statementMs}`);
    for (const [i, statement] of migration.statements.entries())
      await withRetries(`statement ${i + 1}`, () => connection.unsafe(statement));
    await connection.unsafe(record, [migration.hash, migration.when]);
  } finally {
    await connection.unsafe('reset lock_timeout').catch(() => undefined);
    await connection.unsafe('reset statement_timeout').catch(() => undefined);
    connection.release();
  }
}
