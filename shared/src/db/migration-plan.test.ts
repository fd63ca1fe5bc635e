import { describe, expect, test } from 'bun:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type MigrationFile,
  migrationMarkers,
  planMigrations,
  readMigrations,
} from './migration-plan';

const file = (tag: string, when: number, contract = false): MigrationFile => ({
  tag,
  when,
  hash: tag,
  statements: [],
  contract,
  transaction: true,
});

describe('migration phases', () => {
  test('markers: contract and no-transaction; anything else is refused', () => {
    expect(migrationMarkers('create table t ();')).toEqual({ contract: false, transaction: true });
    expect(migrationMarkers('-- migrate: contract\nalter table t drop column c;')).toEqual({
      contract: true,
      transaction: true,
    });
    expect(migrationMarkers('-- migrate: no-transaction, contract\n')).toEqual({
      contract: true,
      transaction: false,
    });
    expect(() => migrationMarkers('-- migrate: contracts\n')).toThrow(/unknown migration marker/);
  });

  test("expand stops each set before its first pending contract step; another set's go on", () => {
    const platform = [file('a', 1), file('b', 2, true), file('c', 3)];
    const product = [file('x', 10)];
    const sets = (lastPlatform: number) => [
      { set: 'platform', migrations: platform, lastApplied: lastPlatform },
      { set: 'product', migrations: product, lastApplied: 0 },
    ];
    const tags = (plan: ReturnType<typeof planMigrations<string>>) =>
      plan.map((p) => `${p.set}/${p.migration.tag}`);
    // The product's tables are made while the platform's contract step waits (a fresh database).
    expect(tags(planMigrations(sets(0), 'expand'))).toEqual(['platform/a', 'product/x']);
    expect(tags(planMigrations(sets(0), 'contract'))).toEqual([
      'platform/a',
      'platform/b',
      'platform/c',
      'product/x',
    ]);
    // Once the contract step is applied, the expand steps after it are expand's again.
    expect(tags(planMigrations(sets(2), 'expand'))).toEqual(['platform/c', 'product/x']);
    expect(tags(planMigrations(sets(3), 'expand'))).toEqual(['product/x']);
  });

  test("every migration of both sets reads (no unknown marker), in its journal's order", () => {
    const root = join(import.meta.dir, '../../..');
    // The product's set where there is one (the platform without it has its own only).
    const folders = ['shared/src/db/migrations', 'helpdesk/src/db/migrations'].filter((folder) =>
      existsSync(join(root, folder)),
    );
    expect(folders).toContain('shared/src/db/migrations');
    for (const folder of folders) {
      const migrations = readMigrations(join(root, folder));
      expect(migrations.length).toBeGreaterThan(10);
      expect(migrations.map((m) => m.when)).toEqual(
        [...migrations.map((m) => m.when)].sort((a, b) => a - b),
      );
    }
  });
});
