import { afterAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import {
  type Database,
  MIGRATION_TIMEOUTS,
  type MigrationSet,
  migrationsPending,
  runMigrations,
} from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { dropScratchDatabases, scratchDatabase } from '../support/scratch-database';
import { ROOT } from '../support/stack';

// The expand and contract phases on a scratch database, with a set of three migrations
// (tests/fixtures/migration-phases): an expand step, a contract step, and an expand step written
// after it (outside a transaction: CREATE INDEX CONCURRENTLY).

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const probe: MigrationSet = {
  name: 'phase_probe',
  folder: join(ROOT, 'tests/fixtures/migration-phases'),
};

afterAll(dropScratchDatabases);

const journal = async (database: Database) =>
  (
    await database.sql<{ created_at: string }[]>`
      select created_at::text from drizzle.__phase_probe_migrations order by id`
  ).map((r) => Number(r.created_at) - 1800000000000);

describe('migration phases', () => {
  test('expand stops before the contract step; contract applies the rest, in order', async () => {
    const database = await scratchDatabase('phases');
    try {
      expect(await migrationsPending(database, [probe], 'expand')).toBe(true);
      const expanded = await runMigrations(database, logger, [probe], { phase: 'expand' });
      expect(expanded).toEqual(['phase_probe/0000_probe']);
      expect(await journal(database)).toEqual([0]);
      // The migration ran under the runner's timeouts.
      const [row] = await database.sql<{ note: string }[]>`select note from phase_probe`;
      expect(row?.note).toBe('5s 15min');
      expect(MIGRATION_TIMEOUTS).toMatchObject({ lockMs: 5000, statementMs: 900000 });

      // What the release before may still do: a row without a note.
      await database.sql`insert into phase_probe (id) values (2)`;
      // Nothing more for the expand phase (an api starting now opens no owner connection);
      // the contract phase has two.
      expect(await migrationsPending(database, [probe], 'expand')).toBe(false);
      expect(await migrationsPending(database, [probe], 'contract')).toBe(true);
      expect(await runMigrations(database, logger, [probe], { phase: 'expand' })).toEqual([]);

      // The contract step fails while that row is there: rolled back, nothing recorded.
      const refused = await runMigrations(database, logger, [probe], { phase: 'contract' }).catch(
        (err: { code?: string }) => err,
      );
      expect((refused as { code?: string }).code).toBe('23502');
      expect(await journal(database)).toEqual([0]);

      await database.sql`update phase_probe set note = 'backfilled' where note is null`;
      const contracted = await runMigrations(database, logger, [probe], { phase: 'contract' });
      expect(contracted).toEqual([
        'phase_probe/0001_probe_note_required',
        'phase_probe/0002_probe_note_idx',
      ]);
      expect(await journal(database)).toEqual([0, 1, 2]);
      const [column] = await database.sql<{ is_nullable: string }[]>`
        select is_nullable from information_schema.columns
         where table_name = 'phase_probe' and column_name = 'note'`;
      expect(column?.is_nullable).toBe('NO');
      // Built concurrently (outside a transaction) and valid.
      const [index] = await database.sql<{ valid: boolean }[]>`
        select indisvalid as valid from pg_index where indexrelid = 'phase_probe_note_idx'::regclass`;
      expect(index?.valid).toBe(true);
      expect(await migrationsPending(database, [probe], 'contract')).toBe(false);
    } finally {
      await database.close();
    }
  });

  test('a lock not granted within lock_timeout, each try: given up, nothing recorded, the table usable', async () => {
    const database = await scratchDatabase('phase_locks', { poolMax: 4 });
    try {
      await runMigrations(database, logger, [probe], { phase: 'expand' });
      await database.sql`update phase_probe set note = 'x'`;
      const holder = await database.sql.reserve();
      try {
        // A long transaction holding the table, as a report or a stuck session would.
        await holder`begin`;
        await holder`lock table phase_probe in access share mode`;
        const timeouts = { lockMs: 100, statementMs: 10_000, lockRetries: 2, retryPauseMs: 10 };
        const failed = await runMigrations(database, logger, [probe], {
          phase: 'contract',
          timeouts,
        }).catch((err: { code?: string }) => err);
        expect((failed as { code?: string }).code).toBe('55P03');
        expect(await journal(database)).toEqual([0]);
        // The table stayed usable meanwhile.
        const [n] = await database.sql<{ n: number }[]>`select count(*)::int as n from phase_probe`;
        expect(n?.n).toBe(1);
      } finally {
        await holder`rollback`;
        holder.release();
      }
      // Once the lock is free, the same run goes through.
      await runMigrations(database, logger, [probe], { phase: 'contract' });
      expect(await journal(database)).toEqual([0, 1, 2]);
    } finally {
      await database.close();
    }
  });
});
