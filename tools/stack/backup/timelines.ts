import type { BackupSet } from './pgbackrest';

// Every restore that ends in a promotion starts a new timeline, and the repository keeps the old
// one's backups: a backup taken on timeline 1 after the point where timeline 2 branched off holds
// a future timeline 2 never had, and recovery cannot follow timeline 2 from it ("record with
// incorrect prev-link"). pgBackRest 2.45 picks a backup by time or recency alone, so the restore
// picks it here: one whose data lies on the history of the timeline it restores to — taken on that
// timeline, or on an ancestor before the branch point the timeline's history file records.

/** A WAL position (`0/302C0F8`) as a number that orders. */
export function lsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** The timeline a WAL segment's file name (`000000020000000000000004`) belongs to. */
export function timelineOf(walFile: string): number {
  return Number.parseInt(walFile.slice(0, 8), 16);
}

/** `NNNNNNNN.history`: each ancestor timeline and the WAL position where it was left. */
export function parseHistory(text: string): { timeline: number; switchLsn: bigint }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+\s+[0-9A-F]+\/[0-9A-F]+/i.test(line))
    .map((line) => {
      const [timeline, at] = line.split(/\s+/) as [string, string];
      return { timeline: Number(timeline), switchLsn: lsn(at) };
    });
}

/** The backups a restore to `timeline` (with that history) can start from. */
export function backupsOnTimeline(
  backups: readonly BackupSet[],
  timeline: number,
  history: readonly { timeline: number; switchLsn: bigint }[],
): BackupSet[] {
  return backups.filter((b) => {
    const on = timelineOf(b.walStart);
    if (on === timeline) return true;
    const left = history.find((h) => h.timeline === on);
    return left !== undefined && lsn(b.lsnStop) <= left.switchLsn;
  });
}
