import { describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, RELEASE_VERSION } from '../../shared/src/release/version';
import { readChangelog, releases, unreleased } from './changelog';

// The releases as CHANGELOG.md records them, against the code: the version it reports, the
// image's label, the commits, and every migration since the last release listed in Unreleased.

const ROOT = join(import.meta.dir, '../..');
const changelog = readChangelog(ROOT);
const git = (...args: string[]) =>
  Bun.spawnSync(['git', '-C', ROOT, ...args], { stdout: 'pipe', stderr: 'pipe' });

const MIGRATION_SETS = {
  platform: 'shared/src/db/migrations',
  helpdesk: 'helpdesk/src/db/migrations',
};

/**
 * A checkout with its history (a clone; CI's). A copy without `.git` (the remove-product test's
 * `git archive`) has no commits to compare with: the checks that read them wait for a clone.
 */
const withHistory = git('rev-parse', '--git-dir').exitCode === 0;

describe('releases', () => {
  const recorded = releases(changelog);

  test('1.0.0 is recorded with its commit, and every recorded commit is in the history', () => {
    expect(recorded.map((r) => r.version)).toContain('1.0.0');
    expect(recorded.find((r) => r.version === '1.0.0')?.commit).toBe(
      'aa84ff52bf030b89cf0397db00d575f6f3c78c3b',
    );
    if (withHistory)
      for (const release of recorded)
        expect(git('cat-file', '-e', `${release.commit}^{commit}`).exitCode).toBe(0);
    // Newest first, each below the one above it.
    for (let i = 1; i < recorded.length; i++)
      expect(
        compareVersions(recorded[i - 1]?.version as string, recorded[i]?.version as string),
      ).toBe(1);
  });

  test('the code reports a version after the newest release (its pre-release while unreleased)', () => {
    const newest = recorded[0]?.version as string;
    const order = compareVersions(RELEASE_VERSION, newest);
    expect(order).toBeGreaterThanOrEqual(0);
    // Something unreleased: the version is not a release's already.
    if (unreleased(changelog).includes('| '))
      expect(recorded.some((r) => r.version === RELEASE_VERSION)).toBe(false);
  });

  test("the image's version label defaults to the release (deploy/Dockerfile)", () => {
    const dockerfile = readFileSync(join(ROOT, 'deploy/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG VERSION=(.+)$/m);
    expect(dockerfile.match(/^ARG VERSION=(.+)$/m)?.[1]).toBe(RELEASE_VERSION);
    expect(dockerfile).toMatch(/org\.opencontainers\.image\.version="\$\{VERSION\}"/);
  });

  test.if(withHistory)(
    'every migration added since the newest release is listed in Unreleased',
    () => {
      const newest = recorded[0]?.commit as string;
      const section = unreleased(changelog);
      for (const [set, dir] of Object.entries(MIGRATION_SETS)) {
        // A set that is not here (the platform without its product) has nothing to list.
        if (!existsSync(join(ROOT, dir))) continue;
        const released = new Set(
          git('ls-tree', '--name-only', `${newest}:${dir}`).stdout.toString().split('\n'),
        );
        const added = readdirSync(join(ROOT, dir)).filter(
          (f) => f.endsWith('.sql') && !released.has(f),
        );
        for (const file of added)
          expect(section, `${set} ${file}`).toContain(
            `| ${set} | \`${file.replace(/\.sql$/, '')}\``,
          );
      }
    },
  );
});
