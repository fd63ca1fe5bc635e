import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Logger } from '../logger';
import type { Database } from './client';

/**
 * A set of migrations with a journal of its own (`drizzle.__<name>_migrations`): the platform's,
 * then a product's (registered by the product, run after the platform's, so its tables may
 * reference the platform's).
 */
export interface MigrationSet {
  readonly name: string;
  /** drizzle-kit's output folder (SQL files and meta/_journal.json). */
  readonly folder: string;
  /**
   * Its first migration holds what the single history before the split (0000–0009, one journal
   * for everything) created: a database migrated by that history records it as applied.
   */
  readonly adoptsLegacyHistory?: boolean;
}

export const platformMigrations: MigrationSet = {
  name: 'platform',
  folder: fileURLToPath(new URL('./migrations', import.meta.url)),
  adoptsLegacyHistory: true,
};

const SCHEMA = 'drizzle';
export const journalTable = (set: Pick<MigrationSet, 'name'>) => `__${set.name}_migrations`;

/** The single history's journal, and the `when` of its last migration (0009_outbox_trace_parent). */
const LEGACY_JOURNAL = '__drizzle_migrations';
const LEGACY_MIGRATIONS = 10;
const LEGACY_LAST_WHEN = 1795351289766;

/**
 * A database migrated by the single history (every developer's .data/pg, a deployed one) has its
 * ten migrations in `drizzle.__drizzle_migrations` and no journal of the sets yet: each set that
 * adopts that history gets its baseline recorded as applied — the tables are there, with their
 * data — and the sets' later migrations run as usual. A history applied only in part cannot be
 * adopted: the database must first be migrated by the version before the split.
 */
async function adoptLegacyHistory(
  database: Database,
  sets: readonly MigrationSet[],
  logger: Logger,
): Promise<void> {
  const [found] = await database.sql<{ legacy: string | null; adopted: string | null }[]>`
    select to_regclass(${`${SCHEMA}.${LEGACY_JOURNAL}`}) as legacy,
           to_regclass(${`${SCHEMA}.${journalTable(platformMigrations)}`}) as adopted`;
  if (!found?.legacy || found.adopted) return;
  const [legacy] = await database.sql<{ n: number; last: string | null }[]>`
    select count(*)::int as n, max(created_at)::text as last
      from ${database.sql(SCHEMA)}.${database.sql(LEGACY_JOURNAL)}`;
  if (legacy?.n !== LEGACY_MIGRATIONS || Number(legacy.last) !== LEGACY_LAST_WHEN) {
    throw new Error(
      `this database's migrations (${legacy?.n ?? 0} in ${SCHEMA}.${LEGACY_JOURNAL}) are not the ` +
        `${LEGACY_MIGRATIONS} of the history before the platform/product split: migrate it with ` +
        'that version first, or start from an empty database',
    );
  }
  await database.db.transaction(async (tx) => {
    for (const set of sets.filter((s) => s.adoptsLegacyHistory)) {
      const [baseline] = readMigrationFiles({ migrationsFolder: set.folder });
      if (!baseline) continue;
      const table = sql`${sql.identifier(SCHEMA)}.${sql.identifier(journalTable(set))}`;
      await tx.execute(sql`create table if not exists ${table} (
        id serial primary key, hash text not null, created_at bigint)`);
      await tx.execute(
        sql`insert into ${table} (hash, created_at) values (${baseline.hash}, ${baseline.folderMillis})`,
      );
    }
  });
  logger.info(
    { sets: sets.filter((s) => s.adoptsLegacyHistory).map((s) => s.name) },
    'adopted the single migration history: baselines recorded as applied',
  );
}

/**
 * Applies pending migrations of every set, in order (the platform's first). A session-level
 * advisory lock serializes concurrent callers (two api instances starting at once): the second
 * waits, then finds nothing left to do.
 */
export async function runMigrations(
  database: Database,
  logger: Logger,
  sets: readonly MigrationSet[],
): Promise<void> {
  const lock = await database.sql.reserve();
  try {
    const t0 = performance.now();
    await lock`select pg_advisory_lock(hashtext('insightdesk:migrations'))`;
    await adoptLegacyHistory(database, sets, logger);
    for (const set of sets) {
      await migrate(database.db, {
        migrationsFolder: set.folder,
        migrationsSchema: SCHEMA,
        migrationsTable: journalTable(set),
      });
    }
    logger.info(
      { sets: sets.map((s) => s.name), ms: Math.round(performance.now() - t0) },
      'migrations applied',
    );
  } finally {
    await lock`select pg_advisory_unlock(hashtext('insightdesk:migrations'))`.catch(
      () => undefined,
    );
    lock.release();
  }
}
