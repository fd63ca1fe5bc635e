import { expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configTable, TABLES, tableProblems, tableVariables } from '../../tools/config-table';
import { declaredVariables } from '../../tools/docs/config-layers';
import { staleTables } from '../../tools/docs/event-catalog';
import { envExample } from '../../tools/env-example';

const ROOT = join(import.meta.dir, '../..');

// What the docs say about events and configuration is written from the declarations of both
// layers. On failure: `bun tools/docs/event-catalog.ts --write`, `bun tools/config-table.ts
// --write`, `bun tools/env-example.ts --write`.
test('the event catalogues in the docs are the declarations, written out', () => {
  expect(staleTables()).toEqual([]);
});

test('the configuration tables are the declarations of each layer, written out', () => {
  expect(tableProblems()).toEqual([]);
});

test('.env.example is the declarations of both layers, written out', () => {
  expect(readFileSync(join(ROOT, '.env.example'), 'utf8')).toBe(envExample());
});

const marked = (which: keyof typeof TABLES) =>
  `${TABLES[which].start}\n${configTable(which)}\n${TABLES[which].end}`;

test("every variable has one row, in its layer's table: the platform's lists none of the product's", () => {
  const declared = declaredVariables();
  const platform = tableVariables(marked('platform'), 'platform');
  const product = tableVariables(marked('product'), 'product');
  expect([...platform, ...product].sort()).toEqual(declared.map((v) => v.name).sort());
  for (const v of declared)
    expect({ [v.name]: v.layer.startsWith('product') }).toEqual({
      [v.name]: product.includes(v.name),
    });
  expect(platform).toContain('EVENT_STREAM_MAX_LENGTH');
  expect(platform).toContain('FEATURE_2FA_ENABLED');
});

test('a table that lacks a row, or is missing, is caught wherever it lives', () => {
  const dir = mkdtempSync(join(tmpdir(), 'insightdesk-config-table-'));
  try {
    Bun.spawnSync(['git', 'init', '-q'], { cwd: dir });
    const table = marked('platform');
    const without = table
      .split('\n')
      .filter((line) => !line.startsWith('| `PUBLIC_URL`'))
      .join('\n');
    expect(tableVariables(without)).not.toContain('PUBLIC_URL');
    writeFileSync(join(dir, 'elsewhere.md'), `# Elsewhere\n\n${without}\n`);
    // Without a product (the removal test's copy) there is no product table to miss.
    const productMissing =
      configTable('product') === ''
        ? []
        : [`no Markdown file holds a ${TABLES.product.start} … ${TABLES.product.end} table`];
    expect(tableProblems(dir)).toEqual([
      "elsewhere.md: the platform's configuration differs from its declarations",
      ...productMissing,
    ]);
    writeFileSync(join(dir, 'elsewhere.md'), `# Elsewhere\n\n${table}\n\n${marked('product')}\n`);
    expect(tableProblems(dir)).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
