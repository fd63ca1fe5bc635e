import type { BackupSet, BackupType } from './pgbackrest';
import { timelineOf } from './timelines';

// When a backup is due: a full one when the last full one started `fullEveryHours` ago, or there
// is none on the timeline the cluster runs on now (a restore started a new one: timelines.ts),
// else a differential one when the last backup of any kind started `diffEveryHours` ago.
// Retention (pgbackrest-conf.ts) expires what falls out after each backup.

export interface BackupPolicy {
  readonly fullEveryHours: number;
  readonly diffEveryHours: number;
}

const HOUR_MS = 3_600_000;

const newest = (sets: readonly BackupSet[]) =>
  sets.reduce<BackupSet | undefined>(
    (last, b) => (!last || b.start.getTime() > last.start.getTime() ? b : last),
    undefined,
  );

export function dueBackup(
  backups: readonly BackupSet[],
  now: number,
  policy: BackupPolicy,
  /** The timeline of the newest archived WAL. */
  timeline = 1,
): BackupType | null {
  const full = newest(
    backups.filter((b) => b.type === 'full' && timelineOf(b.walStart) >= timeline),
  );
  if (!full || now - full.start.getTime() >= policy.fullEveryHours * HOUR_MS) return 'full';
  const last = newest(backups) ?? full;
  if (now - last.start.getTime() >= policy.diffEveryHours * HOUR_MS) return 'diff';
  return null;
}
