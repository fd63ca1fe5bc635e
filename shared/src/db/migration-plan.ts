import { readFileSync } from 'node:fs';
import { readMigrationFiles } from 'drizzle-orm/migrator';

/*
 * Which migrations run in which phase of an upgrade. Every migration is an expand step — it
 * leaves the release before it working (a new table, a nullable column or one with a constant
 * default, a backfill, an index built concurrently) — unless its file says otherwise:
 *
 *   -- migrate: contract         a step that breaks the release before (a column dropped or
 *                                renamed, NOT NULL set): it runs only in the contract phase,
 *                                once no instance of the release before is left
 *   -- migrate: no-transaction   its statements run one by one outside a transaction (CREATE
 *                                INDEX CONCURRENTLY cannot run inside one); each must be safe to
 *                                run again (IF NOT EXISTS), as a failure leaves the ones before it
 *
 * The expand phase applies each set's pending migrations in order up to its first contract step;
 * the contract phase applies every pending one. Order within a set is never broken: an expand
 * step written after a contract step waits for it. squawk reads the same markers (tools/migrations/check.ts).
 */

export type MigrationPhase = 'expand' | 'contract';
export const MIGRATION_PHASES: readonly MigrationPhase[] = ['expand', 'contract'];

/** A marker line: `-- migrate: contract, no-transaction`. */
const MARKER = /^--\s*migrate:\s*(.+)$/gm;
const KNOWN_MARKERS = new Set(['contract', 'no-transaction']);

export interface MigrationFile {
  /** The journal's tag (the file name without `.sql`). */
  readonly tag: string;
  /** The journal's `when`: recorded as `created_at`, the order drizzle's journal keeps. */
  readonly when: number;
  readonly hash: string;
  /** The statements, split at drizzle's `--> statement-breakpoint`. */
  readonly statements: readonly string[];
  readonly contract: boolean;
  readonly transaction: boolean;
}

/** The markers of a migration's text; an unknown one is refused (a typo must not pass as expand). */
export function migrationMarkers(text: string): { contract: boolean; transaction: boolean } {
  const markers = [...text.matchAll(MARKER)].flatMap((m) =>
    (m[1] ?? '').split(',').map((w) => w.trim()),
  );
  const unknown = markers.filter((m) => !KNOWN_MARKERS.has(m));
  if (unknown.length > 0) throw new Error(`unknown migration marker(s): ${unknown.join(', ')}`);
  return {
    contract: markers.includes('contract'),
    transaction: !markers.includes('no-transaction'),
  };
}

/** A set's migrations, in the journal's order, with their markers. */
export function readMigrations(folder: string): MigrationFile[] {
  const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  return readMigrationFiles({ migrationsFolder: folder }).map((m, i) => {
    const entry = journal.entries[i] as { tag: string; when: number };
    const text = m.sql.join('--> statement-breakpoint');
    return {
      tag: entry.tag,
      when: m.folderMillis,
      hash: m.hash,
      statements: m.sql.filter((s) => s.trim() !== ''),
      ...migrationMarkers(text),
    };
  });
}

export interface PlannedMigration<S> {
  readonly set: S;
  readonly migration: MigrationFile;
}

/**
 * What a phase applies: each set's migrations newer than the last one it recorded (drizzle's
 * journal: the greatest `created_at`), the sets in order; the expand phase stops each set before
 * its first pending contract step. A set's expand steps never wait for another set's contract
 * step (a product's tables are made on a fresh database whose platform set waits at one): a
 * product's migration relies on the platform's expand steps only, never on what a contract step
 * removes.
 */
export function planMigrations<S>(
  sets: readonly {
    readonly set: S;
    readonly migrations: readonly MigrationFile[];
    readonly lastApplied: number;
  }[],
  phase: MigrationPhase,
): PlannedMigration<S>[] {
  const plan: PlannedMigration<S>[] = [];
  for (const { set, migrations, lastApplied } of sets) {
    for (const migration of migrations) {
      if (migration.when <= lastApplied) continue;
      if (phase === 'expand' && migration.contract) break;
      plan.push({ set, migration });
    }
  }
  return plan;
}
