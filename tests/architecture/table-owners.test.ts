import { expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/root';

// The "A table" recipe (docs/how-to-add.md), held to in both layers: every table — the
// platform's and the product's — has one owner module (the list in docs/architecture.md), only
// the owner writes it, and no SQL is written outside the owners.

/** The schema files: the platform's, and the product's. */
const SCHEMAS = ['shared/src/db/schema/*.ts', 'helpdesk/src/db/schema.ts'];

/** Table name → its drizzle variable name (`account_tokens` → `accountTokens`), from the schema. */
const tables = new Map(
  SCHEMAS.flatMap((pattern) => [...new Bun.Glob(pattern).scanSync(ROOT)]).flatMap((file) =>
    [
      ...readFileSync(join(ROOT, file), 'utf8').matchAll(
        /export const (\w+) = pgTable\(\s*'(\w+)'/g,
      ),
    ].map(([, variable = '', table = '']) => [table, variable] as const),
  ),
);

/**
 * The lists of docs/architecture.md (the platform's) and helpdesk/README.md (the product's, gone
 * with it): `| \`table\` | \`owner\` …|` rows after "## Tables and their owners".
 */
function ownersInDocs(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of ['docs/architecture.md', 'helpdesk/README.md']) {
    if (!existsSync(join(ROOT, file))) continue;
    const doc = readFileSync(join(ROOT, file), 'utf8');
    const start = doc.indexOf('## Tables and their owners');
    const end = doc.indexOf('\n## ', start + 1);
    const section = doc.slice(start, end < 0 ? undefined : end);
    for (const match of section.matchAll(/^\| `(\w+)` \| `([\w/.-]+)`/gm))
      owners.set(match[1] ?? '', match[2] ?? '');
  }
  return owners;
}

/**
 * The product's read models (helpdesk/README.md, "## Read models"): files that read tables for
 * one consumer in one statement and write none.
 */
function readModelsInDocs(): Set<string> {
  const file = join(ROOT, 'helpdesk/README.md');
  if (!existsSync(file)) return new Set();
  const doc = readFileSync(file, 'utf8');
  const start = doc.indexOf('## Read models');
  if (start < 0) return new Set();
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  return new Set([...section.matchAll(/^\| `([\w/.-]+)` \|/gm)].map((m) => m[1] ?? ''));
}

/** Source that may hold SQL: the platform's and the product's (schemas and tests aside). */
function sourceFiles(): string[] {
  const files = ['shared/src/**/*.ts', 'services/*/src/**/*.ts', 'helpdesk/src/**/*.ts'].flatMap(
    (pattern) => [...new Bun.Glob(pattern).scanSync(ROOT)],
  );
  expect(files.length).toBeGreaterThan(100);
  return files
    .filter((f) => !f.startsWith('shared/src/db/schema/') && f !== 'helpdesk/src/db/schema.ts')
    .filter((f) => !f.endsWith('.test.ts'))
    .sort();
}

const withoutComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/[^\n]*/g, '$1');

/** The tables a file's statements write, and those any of its statements names. */
function tablesIn(text: string): { writes: Set<string>; named: Set<string> } {
  const code = withoutComments(text);
  const byVariable = new Map([...tables].map(([table, variable]) => [variable, table]));
  const writes = new Set<string>();
  const named = new Set<string>();
  const raw = /\b(?:insert\s+into|update|delete\s+from)\s+(\w+)(?=\s)/gi;
  for (const [, name = ''] of code.matchAll(raw)) {
    if (tables.has(name)) writes.add(name);
  }
  const built = /\.(insert|update|delete|from|innerJoin|leftJoin)\(\s*(?:schema\.)?(\w+)\b/g;
  for (const [, verb, variable = ''] of code.matchAll(built)) {
    const table = byVariable.get(variable);
    if (!table) continue;
    named.add(table);
    if (verb === 'insert' || verb === 'update' || verb === 'delete') writes.add(table);
  }
  for (const [, name = ''] of code.matchAll(/\b(?:from|join)\s+(\w+)\b/gi)) {
    if (tables.has(name)) named.add(name);
  }
  for (const table of writes) named.add(table);
  return { writes, named };
}

test('every table has one owner module, listed in docs/architecture.md', () => {
  const owners = ownersInDocs();
  expect([...owners.keys()].sort()).toEqual([...tables.keys()].sort());
  for (const [table, owner] of owners)
    expect({ table, exists: existsSync(join(ROOT, owner)) }).toEqual({ table, exists: true });
});

test('only its owner writes a table, and no SQL is written outside the owners and read models', () => {
  const owners = ownersInDocs();
  const ownerFiles = new Set([...owners.values(), ...readModelsInDocs()]);
  const misplaced: string[] = [];
  for (const file of sourceFiles()) {
    const { writes, named } = tablesIn(readFileSync(join(ROOT, file), 'utf8'));
    for (const table of writes) {
      if (owners.get(table) !== file) misplaced.push(`${file} writes ${table}`);
    }
    if (!ownerFiles.has(file)) {
      for (const table of named) misplaced.push(`${file} queries ${table}`);
    }
  }
  expect(misplaced).toEqual([]);
});

test('the check sees both kinds of statement', () => {
  // Raw SQL and drizzle's builder, as the owners write them.
  const raw = tablesIn('await tx.execute(sql`update users set x = 1`); // update invitations set');
  expect([...raw.writes]).toEqual(['users']);
  const built = tablesIn('await tx.insert(schema.memberships).values(v); db.select().from(users)');
  expect([...built.writes]).toEqual(['memberships']);
  expect([...built.named].sort()).toEqual(['memberships', 'users']);
});
