/**
 * The configuration table of the docs, checked against the declared config groups (the zod
 * schemas every process validates its environment with): every variable has a row, and every
 * variable a row names exists. The table is wherever a Markdown file of the repository holds it,
 * between these two lines (move it freely):
 *
 *   <!-- config-table:start -->
 *   <!-- config-table:end -->
 *
 * A row's first cell names its variables in backticks (`HOST` / `PORT`). Run
 *   bun tools/config-table.ts          # check: each problem on one line, exit 1 if any
 *   bun tools/config-table.ts --rows   # a row for each missing variable, from its schema, to paste
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AnyConfigGroup, allConfigGroups } from '@insightdesk/shared/config';
import type { z } from 'zod';
import { stackConfig } from './stack/config';

const ROOT = join(import.meta.dir, '..');
export const START = '<!-- config-table:start -->';
export const END = '<!-- config-table:end -->';

const GROUPS = [...Object.values(allConfigGroups), stackConfig] as AnyConfigGroup[];

/** Every variable the configuration declares, with its schema. */
export function declaredVariables(): Map<string, { group: AnyConfigGroup; schema: z.ZodType }> {
  const variables = new Map<string, { group: AnyConfigGroup; schema: z.ZodType }>();
  for (const group of GROUPS)
    for (const [name, schema] of Object.entries(group.env) as [string, z.ZodType][])
      variables.set(name, { group, schema });
  return variables;
}

/** The Markdown files of the repository (tracked or not ignored) holding the table's markers. */
export function tableFiles(root = ROOT): string[] {
  const listed = Bun.spawnSync(
    ['git', 'ls-files', '--cached', '--others', '--exclude-standard', '*.md'],
    { cwd: root },
  );
  return listed.stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((file) => join(root, file))
    .filter((file) => readFileSync(file, 'utf8').includes(START));
}

/** The variables named in the first cell of each row between the markers of `markdown`. */
export function tableVariables(markdown: string): string[] {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END, start);
  if (start < 0 || end < 0) return [];
  return markdown
    .slice(start + START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)])
    .map((m) => m[1] ?? '');
}

export interface TableCheck {
  readonly files: string[];
  readonly missing: string[];
  readonly unknown: string[];
}

export function checkTable(root = ROOT): TableCheck {
  const files = tableFiles(root);
  const named = new Set(files.flatMap((file) => tableVariables(readFileSync(file, 'utf8'))));
  const declared = declaredVariables();
  return {
    files: files.map((file) => relative(root, file)),
    missing: [...declared.keys()].filter((name) => !named.has(name)),
    unknown: [...named].filter((name) => !declared.has(name)),
  };
}

/** A row for a variable, from its schema: default and description. */
function row(name: string, group: AnyConfigGroup, schema: z.ZodType): string {
  let fallback: unknown;
  try {
    fallback = schema.parse(undefined);
  } catch {}
  const dev = group.devDefaults?.[name];
  const shown = typeof dev === 'function' ? dev({}) : (dev ?? fallback);
  const value =
    shown === undefined ? 'unset' : `\`${Array.isArray(shown) ? shown.join(',') : shown}\``;
  const secret = group.secrets?.includes(name) ? ' (secret)' : '';
  return `| \`${name}\` | ${value} | ${schema.description ?? ''}${secret} |`;
}

if (import.meta.main) {
  const result = checkTable();
  if (process.argv.includes('--rows')) {
    const declared = declaredVariables();
    for (const name of result.missing) {
      const entry = declared.get(name);
      if (entry) console.log(row(name, entry.group, entry.schema));
    }
    process.exit(0);
  }
  const problems = [
    ...(result.files.length === 0 ? [`no Markdown file holds a ${START} … ${END} table`] : []),
    ...(result.files.length > 1 ? [`more than one table: ${result.files.join(', ')}`] : []),
    ...result.missing.map(
      (name) => `${name}: declared, but the configuration table has no row for it`,
    ),
    ...result.unknown.map(
      (name) => `${name}: in the configuration table, but not a declared variable`,
    ),
  ];
  for (const line of problems) console.error(`config-table: ${line}`);
  if (problems.length === 0)
    console.log(
      `config-table: ${result.files[0]} lists every variable (${declaredVariables().size})`,
    );
  process.exit(problems.length === 0 ? 0 : 1);
}
