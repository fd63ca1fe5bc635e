import { afterAll, describe, expect, test } from 'bun:test';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import {
  createDatabase,
  type Database,
  journalTable,
  type MigrationSet,
  migrationsPending,
  runMigrations,
} from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { deployment } from '../../../tests/support/deployment';
import { dropScratchDatabases, scratchDatabase } from '../../../tests/support/scratch-database';
import { ROOT } from '../../../tests/support/stack';

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const { db } = loadConfig({ db: dbConfig }, { dir: ROOT });
/** The migrations the stack runs: the platform's, then its product's. */
const sets: readonly MigrationSet[] = deployment.migrations;
/** The single history before the platform/product split, as every older database applied it. */
const LEGACY = join(ROOT, 'tests/fixtures/legacy-migrations');

/** That history as it stood after its first `count` migrations (a copy, its journal cut there). */
function legacyHistory(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'legacy-migrations-'));
  cpSync(LEGACY, folder, { recursive: true });
  const path = join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(path, 'utf8')) as { entries: unknown[] };
  writeFileSync(path, JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return folder;
}

const sqlFiles = (folder: string) => readdirSync(folder).filter((f) => f.endsWith('.sql'));
const applied = async (database: Database, set: MigrationSet) => {
  const [row] = await database.sql<{ n: number }[]>`
    select count(*)::int as n from drizzle.${database.sql(journalTable(set))}`;
  return row?.n;
};

afterAll(dropScratchDatabases);

/** What a schema is made of: columns, indexes, constraints, functions and triggers. */
async function shape(database: Database) {
  const q = database.sql;
  return {
    columns: await q`
      select table_name, column_name, data_type, udt_name, is_nullable, column_default
        from information_schema.columns where table_schema = 'public'
       order by table_name, column_name`,
    indexes: await q`
      select tablename, indexname, indexdef from pg_indexes where schemaname = 'public'
       order by tablename, indexname`,
    constraints: await q`
      select conrelid::regclass::text as "table", conname, pg_get_constraintdef(oid) as def
        from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`,
    functions: await q`
      select proname, pg_get_functiondef(oid) as def from pg_proc
       where pronamespace = 'public'::regnamespace order by proname`,
    triggers: await q`
      select tgrelid::regclass::text as "table", tgname, pg_get_triggerdef(oid) as def
        from pg_trigger where not tgisinternal order by 1, 2`,
    enums: await q`
      select t.typname, array_agg(e.enumlabel order by e.enumsortorder)::text as labels
        from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname order by 1`,
  };
}

describe('migrations', () => {
  test('concurrent runs serialize on the advisory lock, and each set is applied whole', async () => {
    const databases = Array.from({ length: 4 }, (_, i) =>
      // Migrations run as the role that owns the schema (the services' role may not create in it).
      createDatabase({
        url: db.ownerUrl,
        poolMax: 2,
        applicationName: `migrate-test-${i}`,
        logger,
      }),
    );
    try {
      await Promise.all(databases.map((d) => runMigrations(d, logger, sets)));
      const [first] = databases;
      if (!first) throw new Error('no database handle');
      expect(sets.map((s) => s.name)).toEqual(['platform', ...sets.slice(1).map((s) => s.name)]);
      for (const set of sets) expect(await applied(first, set)).toBe(sqlFiles(set.folder).length);
    } finally {
      await Promise.all(databases.map((d) => d.close()));
    }
  });

  test("a start sees nothing pending only when each set's last migration is recorded", async () => {
    const database = await scratchDatabase('pending');
    try {
      // No journal at all (a new database): pending.
      expect(await migrationsPending(database, sets)).toBe(true);
      await runMigrations(database, logger, sets);
      expect(await migrationsPending(database, sets)).toBe(false);
      // A set with one migration more than the database recorded (a newer release): pending.
      const last = sets.at(-1);
      if (!last) throw new Error('no migration set');
      const newer = mkdtempSync(join(tmpdir(), 'newer-migrations-'));
      cpSync(last.folder, newer, { recursive: true });
      const path = join(newer, 'meta/_journal.json');
      const journal = JSON.parse(readFileSync(path, 'utf8')) as {
        entries: { idx: number; when: number; tag: string }[];
      };
      const top = journal.entries.at(-1);
      if (!top) throw new Error('an empty journal');
      journal.entries.push({ ...top, idx: top.idx + 1, when: top.when + 1, tag: '9999_next' });
      writeFileSync(path, JSON.stringify(journal));
      expect(
        await migrationsPending(database, [...sets.slice(0, -1), { ...last, folder: newer }]),
      ).toBe(true);
    } finally {
      await database.close();
    }
  });

  /**
   * Every developer's .data/pg before the split, at either point of that history: its ten
   * migrations (0000–0009), or eleven (0010 added notifications.ticket_subject), which the help
   * desk's set holds as its 0001.
   */
  for (const count of [10, 11])
    test(`a database migrated by the single history (${count} migrations) is adopted with its data, and ends up as a fresh one`, async () => {
      const legacy = await scratchDatabase(`legacy${count}`);
      const fresh = await scratchDatabase(`fresh${count}`);
      try {
        await migrate(legacy.db, { migrationsFolder: legacyHistory(count) });
        const [user] = await legacy.sql<{ id: string }[]>`
          insert into users (id, email, name, password_hash)
          values (gen_random_uuid(), 'legacy@example.test', 'Legacy', 'x') returning id`;
        const [org] = await legacy.sql<{ id: string }[]>`
          insert into organizations (id, name, ticket_seq) values (gen_random_uuid(), 'Old Co', 41)
          returning id`;
        if (!user || !org) throw new Error('no rows');
        const [ticket] = await legacy.sql<{ id: string }[]>`
          insert into tickets (id, org_id, number, subject, requester_id)
          values (gen_random_uuid(), ${org.id}, 41, 'Kept', ${user.id}) returning id`;
        if (!ticket) throw new Error('no ticket');
        await legacy.sql.unsafe(
          `insert into notifications (id, user_id, org_id, kind, ticket_id${count > 10 ? ', ticket_subject' : ''})
           values (gen_random_uuid(), $1, $2, 'assigned', $3${count > 10 ? ", 'As told'" : ''})`,
          [user.id, org.id, ticket.id],
        );

        // Both phases, as one release's stack runs them: every migration, contract steps too.
        const everything = { phase: 'contract' } as const;
        await runMigrations(legacy, logger, sets, everything);
        await runMigrations(fresh, logger, sets, everything);

        // Each set's journal: what the history did, recorded; then what came after it (run).
        for (const set of sets) {
          expect(await applied(legacy, set)).toBe(sqlFiles(set.folder).length);
          expect(await applied(fresh, set)).toBe(sqlFiles(set.folder).length);
        }
        // Nothing lost: the rows, the organization's ticket counter (now the product's), and the
        // notification's subject (kept as the history had it, or taken from its ticket).
        const [kept] =
          await legacy.sql`select subject, number from tickets where org_id = ${org.id}`;
        expect(kept).toEqual({ subject: 'Kept', number: 41 });
        const [counter] = await legacy.sql`
          select last_number from ticket_counters where org_id = ${org.id}`;
        expect(counter).toEqual({ last_number: 41 });
        const [notification] = await legacy.sql`select ticket_subject from notifications`;
        expect(notification).toEqual({ ticket_subject: count > 10 ? 'As told' : 'Kept' });
        // The same schema as a database migrated from nothing by the two sets.
        const [adopted, created] = await Promise.all([shape(legacy), shape(fresh)]);
        expect(adopted).toEqual(created);
        expect(adopted.columns.some((c) => c.column_name === 'ticket_seq')).toBe(false);
        // Run again: nothing left to do.
        await runMigrations(legacy, logger, sets, everything);
        expect(await shape(legacy)).toEqual(created);
      } finally {
        await Promise.all([legacy.close(), fresh.close()]);
      }
    }, 60_000);

  test('a history applied only in part is refused with what to do, and nothing changes', async () => {
    const partial = await scratchDatabase('partial');
    try {
      await migrate(partial.db, { migrationsFolder: LEGACY });
      // Short of 0009: the baselines would claim what the database does not have.
      await partial.sql`delete from drizzle.__drizzle_migrations
                         where id > (select min(id) + 8 from drizzle.__drizzle_migrations)`;
      await expect(runMigrations(partial, logger, sets)).rejects.toThrow(
        /not the 10 or more of the history before the platform\/product split/,
      );
      const [journal] = await partial.sql<{ name: string | null }[]>`
        select to_regclass('drizzle.__platform_migrations')::text as name`;
      expect(journal?.name ?? null).toBeNull();
    } finally {
      await partial.close();
    }
  });
});
