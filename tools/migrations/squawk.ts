import { join } from 'node:path';

// squawk (squawk-cli, pinned in package.json; its binary comes in the registry package) over
// migration files, as JSON: one finding per rule broken, with the 0-based line of the statement.

export interface SquawkFinding {
  readonly file: string;
  /** 1-based, as editors count. */
  readonly line: number;
  readonly rule: string;
  readonly message: string;
}

const SQUAWK = join(import.meta.dir, '../../node_modules/.bin/squawk');

/** The PostgreSQL the migrations run on (the stack's, Debian 12's). */
export const PG_VERSION = '15';

/** squawk over `files` (relative to `root`). */
export function runSquawk(
  root: string,
  files: readonly string[],
  options: { readonly inTransaction: boolean; readonly exclude: readonly string[] },
): SquawkFinding[] {
  if (files.length === 0) return [];
  const run = Bun.spawnSync(
    [
      SQUAWK,
      '--reporter',
      'json',
      '--pg-version',
      PG_VERSION,
      ...(options.inTransaction ? ['--assume-in-transaction'] : []),
      ...(options.exclude.length > 0 ? ['--exclude', options.exclude.join(',')] : []),
      ...files,
    ],
    { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdout: 'pipe', stderr: 'pipe' },
  );
  const out = run.stdout.toString().trim();
  // Exit 1 means "found something"; anything else without JSON is squawk failing to run.
  if (!out.startsWith('['))
    throw new Error(`squawk failed (${run.exitCode}): ${run.stderr.toString().trim() || out}`);
  return (
    JSON.parse(out) as { file: string; line: number; rule_name: string; message: string }[]
  ).map((f) => ({ file: f.file, line: f.line + 1, rule: f.rule_name, message: f.message }));
}
