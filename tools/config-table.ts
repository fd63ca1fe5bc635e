/**
 * The configuration tables of the docs, written from the declared config groups (the zod schemas
 * every process validates its environment with): the platform's (its groups and the local
 * stack's) and the product's (its catalogue's groups and flags), each in the docs of its layer —
 * the product's in the product's own README, so it goes when the product goes. A row per
 * variable: its default outside development, the development one when it differs, and its
 * schema's description. Each table is wherever a Markdown file of the repository holds its
 * markers (move it freely):
 *
 *   <!-- config-table:start -->          <!-- product-config-table:start -->
 *   <!-- config-table:end -->            <!-- product-config-table:end -->
 *
 *   bun tools/config-table.ts           # check: exit 1 while a table differs from the declarations
 *   bun tools/config-table.ts --write   # rewrite them
 *
 * tests/architecture/docs-tables.test.ts fails while a table is not current. To change a row,
 * change the variable's declaration (`.describe(…)`), then --write.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { declaredVariables, documentedLayers, type Variable } from './docs/config-layers';
import { blockOf, markdownFiles, writeBlock } from './docs/marked-blocks';

const ROOT = join(import.meta.dir, '..');
export const TABLES = {
  platform: { start: '<!-- config-table:start -->', end: '<!-- config-table:end -->' },
  product: {
    start: '<!-- product-config-table:start -->',
    end: '<!-- product-config-table:end -->',
  },
} as const;
type Which = keyof typeof TABLES;

const code = (value: string) => `\`${value.replaceAll('|', '\\|')}\``;

function defaults(v: Variable): string {
  const fallback = v.fallback === undefined || v.fallback === '' ? 'unset' : code(v.fallback);
  if (v.development === undefined) return fallback;
  const development = v.secret ? 'a development value' : code(v.development);
  return `${fallback} (development: ${development})`;
}

const text = (value: string) => value.replaceAll('|', '\\|').replaceAll('<', '&lt;');

const row = (v: Variable) =>
  `| ${code(v.name)} | ${defaults(v)} | ${text(v.description)}${v.secret ? ' (secret)' : ''}${v.required ? ' (required in production)' : ''} |`;

/** A table per layer (under its name) of the variables `which` covers. */
export function configTable(which: Which): string {
  const variables = declaredVariables();
  return documentedLayers
    .filter(({ layer }) => (which === 'product') === layer.startsWith('product'))
    .map(({ layer }) => variables.filter((v) => v.layer === layer))
    .filter((rows) => rows.length > 0)
    .map((rows) =>
      [
        `**${rows[0]?.layer}**`,
        '',
        '| variable | default | meaning |',
        '|---|---|---|',
        ...rows.map(row),
      ].join('\n'),
    )
    .join('\n\n');
}

/** The Markdown files of the repository holding the markers of `which`. */
export function tableFiles(which: Which, root = ROOT): string[] {
  return markdownFiles(root).filter((file) =>
    readFileSync(file, 'utf8').includes(TABLES[which].start),
  );
}

/** The variables named in the first cell of each row between the markers of `which`. */
export function tableVariables(markdown: string, which: Which = 'platform'): string[] {
  return (blockOf(markdown, TABLES[which]) ?? '')
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)])
    .map((m) => m[1] ?? '');
}

/** What is wrong with the docs' tables, one line each (none: they are the declarations, written out). */
export function tableProblems(root = ROOT): string[] {
  return (Object.keys(TABLES) as Which[]).flatMap((which) => {
    const files = tableFiles(which, root);
    const table = configTable(which);
    const { start, end } = TABLES[which];
    if (files.length === 0)
      return table === '' ? [] : [`no Markdown file holds a ${start} … ${end} table`];
    if (files.length > 1)
      return [`more than one ${which} table: ${files.map((f) => relative(root, f)).join(', ')}`];
    const [file = ''] = files;
    return blockOf(readFileSync(file, 'utf8'), TABLES[which]) === table
      ? []
      : [`${relative(root, file)}: the ${which}'s configuration differs from its declarations`];
  });
}

/** Rewrites each marked table from the declarations. */
export function writeTables(root = ROOT): void {
  for (const which of Object.keys(TABLES) as Which[]) {
    const [file, ...more] = tableFiles(which, root);
    if (file && more.length === 0) writeBlock(file, TABLES[which], configTable(which));
  }
}

if (import.meta.main) {
  if (process.argv.includes('--write')) writeTables();
  const problems = tableProblems();
  for (const line of problems) console.error(`config-table: ${line} (--write)`);
  if (problems.length === 0)
    console.log(`config-table: current (${declaredVariables().length} variables)`);
  process.exit(problems.length === 0 ? 0 : 1);
}
