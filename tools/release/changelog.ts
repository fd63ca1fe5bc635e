import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// CHANGELOG.md read as data: each release's version, date and commit (git tags may not travel
// with a clone: the changelog is where a release is found), and what Unreleased lists.

export interface Release {
  readonly version: string;
  readonly date: string;
  /** The full hash of the commit the release was cut from. */
  readonly commit: string;
}

const HEADING =
  /^## \[(?<version>\d+\.\d+\.\d+(?:-[\w.]+)?)\] — (?<date>\d{4}-\d{2}-\d{2}) — commit (?<commit>[0-9a-f]{40})\s*$/;

export function readChangelog(root: string): string {
  return readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
}

/** The releases, newest first (as the file lists them). */
export function releases(changelog: string): Release[] {
  return changelog.split('\n').flatMap((line) => {
    const groups = HEADING.exec(line)?.groups;
    return groups
      ? [
          {
            version: groups.version as string,
            date: groups.date as string,
            commit: groups.commit as string,
          },
        ]
      : [];
  });
}

/** The text of the Unreleased section (empty when there is none). */
export function unreleased(changelog: string): string {
  const start = changelog.indexOf('\n## [Unreleased]');
  if (start < 0) return '';
  const next = changelog.indexOf('\n## [', start + 1);
  return changelog.slice(start, next < 0 ? undefined : next);
}

/** The newest release: where an upgrade starts by default. */
export function previousRelease(root: string): Release {
  const [newest] = releases(readChangelog(root));
  if (!newest) throw new Error('CHANGELOG.md records no release');
  return newest;
}
