import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { Logger } from '../logger';
import type { Database } from './client';
import { applyMigration, MIGRATION_TIMEOUTS, type MigrationTimeouts } from './migration-apply';
import { type MigrationPhase, planMigrations, readMigrations } from './migration-plan';

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
   * What this set holds of the single history before the split (one journal for everything,
   * kept in tests/fixtures/legacy-migrations): its first migration (the baseline) holds what
   * 0000–0009 created, and `later` names, by legacy index, the set's migration that does what a
   * later legacy migration did. A database migrated by that history records them as applied.
   */
  readonly legacy?: { readonly later?: Readonly<Record<number, string>> };
}

export const platformMigrations: MigrationSet = {
  name: 'platform',
  folder: fileURLToPath(new URL('./migrations', import.meta.url)),
  legacy: {},
};

const SCHEMA = 'drizzle';
export const journalTable = (set: Pick<MigrationSet, 'name'>) => `__${set.name}_migrations`;

/** The single history's journal, and the `when` of each of its migrations (0000–0010). */
const LEGACY_JOURNAL = '__drizzle_migrations';
const LEGACY_WHENS = [
  1795281006107, 1795281006518, 1795281966180, 1795342596982, 1795342978746, 1795345228525,
  1795346384753, 1795350868049, 1795350871129, 1795351289766, 1795432549828,
];
/** What the baselines hold: the history up to 0009_outbox_trace_parent. */
const LEGACY_BASELINE = 10;

/** drizzle-kit's journal of a set: its migrations' tags and `when`s, in order. */
const journalOf = (set: MigrationSet) =>
  JSON.parse(readFileSync(join(set.folder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[];
  };

/** A set's migrations with their journal tags, in order. */
function migrationsOf(set: MigrationSet) {
  const journal = journalOf(set);
  return readMigrationFiles({ migrationsFolder: set.folder }).map((m, i) => ({
    ...m,
    tag: journal.entries[i]?.tag,
  }));
}

/**
 * A database migrated by the single history (every developer's .data/pg, a deployed one) has its
 * migrations in `drizzle.__drizzle_migrations` and no journal of the sets yet: each set that
 * holds part of that history gets its baseline, and its migrations that stand for the later ones
 * the database applied, recorded as applied — the tables are there, with their data — and the
 * sets' other migrations run as usual. The history must have been applied through 0009 at least,
 * in order: a database short of that must first be migrated by the version before the split.
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
  const applied = await database.sql<{ when: string }[]>`
    select created_at::text as when
      from ${database.sql(SCHEMA)}.${database.sql(LEGACY_JOURNAL)} order by id`;
  const whens = applied.map((r) => Number(r.when));
  if (whens.length < LEGACY_BASELINE || whens.some((when, i) => when !== LEGACY_WHENS[i])) {
    throw new Error(
      `this database's migrations (${whens.length} in ${SCHEMA}.${LEGACY_JOURNAL}) are not the ` +
        `${LEGACY_BASELINE} or more of the history before the platform/product split: migrate ` +
        'it with that version first, or start from an empty database',
    );
  }
  const later = whens.slice(LEGACY_BASELINE).map((_, i) => LEGACY_BASELINE + i);
  const adopting = sets.filter((s) => s.legacy);
  const unclaimed = later.filter((i) => !adopting.some((s) => s.legacy?.later?.[i]));
  if (unclaimed.length > 0)
    throw new Error(`no migration set holds legacy migration(s) ${unclaimed.join(', ')}`);
  const recorded: Record<string, string[]> = {};
  await database.db.transaction(async (tx) => {
    for (const set of adopting) {
      const migrations = migrationsOf(set);
      const tags = later.flatMap((i) => set.legacy?.later?.[i] ?? []);
      const adopted = migrations.filter((m, i) => i === 0 || (m.tag && tags.includes(m.tag)));
      const missing = tags.filter((tag) => !migrations.some((m) => m.tag === tag));
      if (missing.length > 0)
        throw new Error(`migration set ${set.name} has no migration ${missing.join(', ')}`);
      const table = sql`${sql.identifier(SCHEMA)}.${sql.identifier(journalTable(set))}`;
      await tx.execute(sql`create table if not exists ${table} (
        id serial primary key, hash text not null, created_at bigint)`);
      for (const m of adopted)
        await tx.execute(
          sql`insert into ${table} (hash, created_at) values (${m.hash}, ${m.folderMillis})`,
        );
      recorded[set.name] = adopted.map((m) => m.tag ?? String(m.folderMillis));
    }
  });
  logger.info(
    { legacyMigrations: whens.length, recorded },
    'adopted the single migration history: what it applied recorded as applied',
  );
}

/** The greatest `created_at` each set's journal records (what drizzle compares against). */
const lastAppliedQuery = (sets: readonly MigrationSet[]) =>
  sets.map((set) => {
    const table = sql`${sql.identifier(SCHEMA)}.${sql.identifier(journalTable(set))}`;
    return sql`(select coalesce(max(created_at), 0) from ${table})::text`;
  });

/**
 * Whether `phase` has anything to apply (the expand phase: a migration before the first pending
 * contract step), or the connected role may not read every table of the schema (the grants that
 * follow each migration run are not in place): one query on the connection a service has anyway.
 * A start with nothing to do then opens no owner connection, takes no lock and runs no
 * migration. Any doubt (a journal table missing, not readable by this role) answers true:
 * `runMigrations` decides.
 */
export async function migrationsPending(
  database: Database,
  sets: readonly MigrationSet[],
  phase: MigrationPhase = 'expand',
): Promise<boolean> {
  if (sets.length === 0) return false;
  try {
    const rows = await database.db.execute<{ applied: string[]; granted: boolean }>(sql`
      select array[${sql.join(lastAppliedQuery(sets), sql`, `)}] as applied, (
        select coalesce(bool_and(has_table_privilege(c.oid, 'select')), true)
          from pg_class c
         where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')) as granted`);
    const row = rows[0];
    if (!row?.granted) return true;
    const plan = planMigrations(
      sets.map((set, i) => ({
        set,
        migrations: readMigrations(set.folder),
        lastApplied: Number(row.applied[i] ?? 0),
      })),
      phase,
    );
    return plan.length > 0;
  } catch {
    return true;
  }
}

export interface MigrationOptions {
  /** `expand` (the default: what the release before survives) or `contract` (everything). */
  readonly phase?: MigrationPhase;
  readonly timeouts?: MigrationTimeouts;
}

/**
 * Applies the pending migrations of `phase`, in order (the platform's set first), each in its own
 * transaction with lock_timeout and statement_timeout set (migration-apply.ts), recorded in its
 * set's drizzle journal as drizzle records them (so every release, older ones included, reads
 * the journal alike). A session-level advisory lock serializes concurrent callers (two api
 * instances starting at once): the second waits, then finds nothing left to do. Returns the tags
 * applied.
 */
export async function runMigrations(
  database: Database,
  logger: Logger,
  sets: readonly MigrationSet[],
  options: MigrationOptions = {},
): Promise<string[]> {
  const phase = options.phase ?? 'expand';
  const timeouts = options.timeouts ?? MIGRATION_TIMEOUTS;
  const lock = await database.sql.reserve();
  try {
    const t0 = performance.now();
    await lock`select pg_advisory_lock(hashtext('insightdesk:migrations'))`;
    await adoptLegacyHistory(database, sets, logger);
    await database.sql.unsafe(`create schema if not exists ${SCHEMA}`);
    const state = [];
    for (const set of sets) {
      const table = `${SCHEMA}."${journalTable(set)}"`;
      await database.sql.unsafe(
        `create table if not exists ${table} (id serial primary key, hash text not null, created_at bigint)`,
      );
      const [row] = await database.sql.unsafe<{ last: string }[]>(
        `select coalesce(max(created_at), 0)::text as last from ${table}`,
      );
      state.push({
        set,
        migrations: readMigrations(set.folder),
        lastApplied: Number(row?.last ?? 0),
      });
    }
    const plan = planMigrations(state, phase);
    for (const { set, migration } of plan) {
      await applyMigration(
        database,
        `${SCHEMA}."${journalTable(set)}"`,
        migration,
        timeouts,
        logger,
      );
      logger.info({ set: set.name, migration: migration.tag, phase }, 'migration applied');
    }
    const waiting = planMigrations(state, 'contract').length - plan.length;
    logger.info(
      {
        sets: sets.map((s) => s.name),
        phase,
        applied: plan.length,
        ...(waiting > 0 ? { waitingForContract: waiting } : {}),
        ms: Math.round(performance.now() - t0),
      },
      'migrations applied',
    );
    return plan.map((p) => `${p.set.name}/${p.migration.tag}`);
  } finally {
    await lock`select pg_advisory_unlock(hashtext('insightdesk:migrations'))`.catch(
      () => undefined,
    );
    lock.release();
  }
}
