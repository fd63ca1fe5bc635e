import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { migrationMarkers } from '../../shared/src/db/migration-plan';
import { runSquawk, type SquawkFinding } from './squawk';

// `bun run lint:migrations` (part of `bun run check`): every migration of every set — the
// platform's and each product's (`*/src/db/migrations/*.sql`) — checked by squawk as the release
// before it must survive it. An expand step (the default) may not break that release: no column
// or table dropped or renamed, no NOT NULL added, no type changed, and it takes its locks briefly
// (indexes built concurrently, constraints added NOT VALID then validated). A step marked
// `-- migrate: contract` runs once no instance of the release before is left
// (shared/src/db/migration-plan.ts), so breaking that release is what it is for: only the
// locking rules apply to it. An exception is written beside its statement with its reason:
//
//   -- squawk-ignore <rule>[, <rule>] -- <why this statement is safe here>
//
// and one without a reason is refused.

/** Rules squawk has that do not apply to any of our migrations, and why. */
export const NEVER = [
  // The runner sets lock_timeout and statement_timeout for every migration it applies
  // (shared/src/db/migration-apply.ts): the files do not repeat them.
  'require-timeout-settings',
  // Column widths are a data-model choice (counts, minutes, sequence numbers within a ticket or
  // a chain), not a matter of what the release before survives.
  'prefer-bigint-over-int',
  'prefer-identity',
] as const;

/** What breaks the release before: refused in an expand step, a contract step's purpose. */
export const BREAKS_THE_RELEASE_BEFORE = [
  'ban-drop-column',
  'ban-drop-table',
  'renaming-column',
  'renaming-table',
  'ban-drop-not-null',
  'adding-required-field',
] as const;

export interface MigrationProblem {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

/** `-- squawk-ignore a, b -- reason`: the rules and the reason (empty when none is given). */
const IGNORE = /--\s*squawk-ignore(?:-file)?\s+([\w-]+(?:\s*,\s*[\w-]+)*)(?:\s*--\s*(.*))?$/;

/** Exceptions written without a reason, and how many carry one. */
function exceptions(root: string, file: string) {
  const lines = readFileSync(join(root, file), 'utf8').split('\n');
  const unexplained: MigrationProblem[] = [];
  let explained = 0;
  lines.forEach((text, i) => {
    const match = IGNORE.exec(text);
    if (!match) return;
    if ((match[2] ?? '').trim().length < 8)
      unexplained.push({
        file,
        line: i + 1,
        rule: 'exception-without-reason',
        message: `an exception (${match[1]}) needs its reason beside it: -- squawk-ignore ${match[1]} -- <why>`,
      });
    else explained += 1;
  });
  return { unexplained, explained };
}

/** Every problem of `files` (paths relative to `root`), and the exceptions that carry a reason. */
export function checkMigrations(
  root: string,
  files: readonly string[],
): { problems: MigrationProblem[]; exceptions: number } {
  const groups = new Map<string, { contract: boolean; transaction: boolean; files: string[] }>();
  const problems: MigrationProblem[] = [];
  for (const file of files) {
    let markers: ReturnType<typeof migrationMarkers>;
    try {
      markers = migrationMarkers(readFileSync(join(root, file), 'utf8'));
    } catch (err) {
      problems.push({ file, line: 1, rule: 'marker', message: (err as Error).message });
      continue;
    }
    const key = `${markers.contract}:${markers.transaction}`;
    const group = groups.get(key) ?? { ...markers, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const exclude = [...NEVER, ...(group.contract ? BREAKS_THE_RELEASE_BEFORE : [])];
    const findings: SquawkFinding[] = runSquawk(root, group.files, {
      inTransaction: group.transaction,
      exclude,
    });
    problems.push(...findings);
  }
  let explained = 0;
  for (const file of files) {
    const found = exceptions(root, file);
    problems.push(...found.unexplained);
    explained += found.explained;
  }
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { problems, exceptions: explained };
}

/** The migration files of every set under `root`. */
export function migrationFiles(root: string): string[] {
  return [...new Bun.Glob('*/src/db/migrations/*.sql').scanSync({ cwd: root })]
    .map((f) => relative(root, join(root, f)))
    .sort();
}

if (import.meta.main) {
  const root = join(import.meta.dir, '../..');
  const files = migrationFiles(root);
  const { problems, exceptions: explained } = checkMigrations(root, files);
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.rule} — ${p.message}`);
  console.log(
    `migrations: ${files.length} files checked by squawk, ${explained} exceptions with their reasons, ${problems.length} problems`,
  );
  process.exit(problems.length === 0 ? 0 : 1);
}
