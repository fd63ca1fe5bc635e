import { afterAll, describe, expect, test } from 'bun:test';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkMigrations, migrationFiles } from './check';

// The migration check (`bun run lint:migrations`, in `bun run check`): what would break the
// release before is refused in an expand step, allowed in a contract step, and an exception
// stands only with its reason beside it.

const root = mkdtempSync(join(tmpdir(), 'migration-check-'));
mkdirSync(join(root, 'app/src/db/migrations'), { recursive: true });
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
/** One migration file, checked alone: the rules it breaks. */
function rulesOf(sql: string): string[] {
  const file = `app/src/db/migrations/${String(n++).padStart(4, '0')}_probe.sql`;
  writeFileSync(join(root, file), sql);
  return checkMigrations(root, [file]).problems.map((p) => p.rule);
}

describe('the migration check', () => {
  test('refuses what breaks the release before in an expand step', () => {
    // A column dropped while the release before still reads it.
    expect(rulesOf('ALTER TABLE "tickets" DROP COLUMN "subject";')).toEqual(['ban-drop-column']);
    // A NOT NULL added: the release before still writes rows without it.
    expect(rulesOf('ALTER TABLE "tickets" ALTER COLUMN "assignee_id" SET NOT NULL;')).toEqual([
      'adding-not-nullable-field',
    ]);
    expect(rulesOf('ALTER TABLE "tickets" ADD COLUMN "team" text NOT NULL;')).toEqual([
      'adding-required-field',
    ]);
    // A rename: the release before asks for the old name.
    expect(rulesOf('ALTER TABLE "tickets" RENAME COLUMN "subject" TO "title";')).toEqual([
      'renaming-column',
    ]);
    expect(rulesOf('DROP TABLE "notifications";')).toEqual(['ban-drop-table']);
    // A lock held for a whole build.
    expect(rulesOf('CREATE INDEX "tickets_team_idx" ON "tickets" ("team");')).toEqual([
      'require-concurrent-index-creation',
    ]);
  });

  test('lets the expand steps through', () => {
    expect(rulesOf('ALTER TABLE "tickets" ADD COLUMN "team" text;')).toEqual([]);
    expect(
      rulesOf(`ALTER TABLE "tickets" ADD COLUMN "weight" integer DEFAULT 1 NOT NULL;`),
    ).toEqual([]);
    expect(rulesOf('CREATE TABLE "teams" ("id" uuid PRIMARY KEY, "name" text NOT NULL);')).toEqual(
      [],
    );
    expect(
      rulesOf(
        '-- migrate: no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "tickets_team_idx" ON "tickets" ("team");',
      ),
    ).toEqual([]);
  });

  test('a contract step may break the release before, not hold its locks long', () => {
    expect(rulesOf('-- migrate: contract\nALTER TABLE "tickets" DROP COLUMN "subject";')).toEqual(
      [],
    );
    expect(
      rulesOf('-- migrate: contract\nALTER TABLE "tickets" RENAME COLUMN "subject" TO "title";'),
    ).toEqual([]);
    expect(
      rulesOf('-- migrate: contract\nALTER TABLE "tickets" ALTER COLUMN "team" SET NOT NULL;'),
    ).toEqual(['adding-not-nullable-field']);
    expect(rulesOf('-- migrate: contracts\nALTER TABLE "tickets" DROP COLUMN "subject";')).toEqual([
      'marker',
    ]);
  });

  test('an exception stands with its reason beside it, not without', () => {
    expect(
      rulesOf(
        '-- squawk-ignore ban-drop-column -- no release reads it since 1.0.0\nALTER TABLE "tickets" DROP COLUMN "legacy";',
      ),
    ).toEqual([]);
    expect(
      rulesOf('-- squawk-ignore ban-drop-column\nALTER TABLE "tickets" DROP COLUMN "legacy";'),
    ).toEqual(['exception-without-reason']);
    // Not beside it: it excuses nothing.
    expect(
      rulesOf(
        '-- squawk-ignore ban-drop-column -- no release reads it\nSELECT 1;\nALTER TABLE "tickets" DROP COLUMN "legacy";',
      ),
    ).toEqual(['ban-drop-column']);
  });

  test("this repository's migrations: every set's files, nothing unexplained", () => {
    const repo = join(import.meta.dir, '../..');
    const files = migrationFiles(repo);
    expect(files.filter((f) => f.startsWith('shared/')).length).toBeGreaterThan(10);
    // The product's set where there is one (the platform without it has its own only).
    if (existsSync(join(repo, 'helpdesk')))
      expect(files.filter((f) => f.startsWith('helpdesk/')).length).toBeGreaterThan(10);
    expect(checkMigrations(repo, files).problems).toEqual([]);
  });
});
