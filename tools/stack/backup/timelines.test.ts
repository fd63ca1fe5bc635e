import { expect, test } from 'bun:test';
import type { BackupSet } from './pgbackrest';
import { backupsOnTimeline, lsn, parseHistory, timelineOf } from './timelines';

const backup = (label: string, walStart: string, lsnStop: string): BackupSet => ({
  label,
  type: 'full',
  start: new Date(0),
  stop: new Date(0),
  size: 1,
  repoSize: 1,
  walStart,
  walStop: walStart,
  lsnStop,
  prior: null,
});

test('WAL positions order as numbers, segments name their timeline', () => {
  expect(lsn('0/302C0F8')).toBe(0x302c0f8n);
  expect(lsn('1/0') > lsn('0/FFFFFFFF')).toBe(true);
  expect(timelineOf('000000020000000000000004')).toBe(2);
  expect(timelineOf('0000000A.history')).toBe(10);
});

test("a timeline's history: each ancestor and where it was left", () => {
  // As PostgreSQL writes 00000003.history (read back through pgbackrest repo-get).
  const text =
    '1\t0/302C0F8\tbefore 2026-11-28 22:28:15.89805+00\n\n2\t0/5000000\tno recovery target specified\n';
  expect(parseHistory(text)).toEqual([
    { timeline: 1, switchLsn: 0x302c0f8n },
    { timeline: 2, switchLsn: 0x5000000n },
  ]);
});

test('the backups a restore can start from lie on the history of its timeline', () => {
  const history = parseHistory('1\t0/302C0F8\tbefore a time\n');
  const before = backup('F1', '000000010000000000000002', '0/2000100');
  // Taken on timeline 1 after timeline 2 branched off at 0/302C0F8: a future timeline 2 never had.
  const abandoned = backup('F1_D1', '000000010000000000000004', '0/4000100');
  const after = backup('F2', '000000020000000000000005', '0/5000100');
  expect(backupsOnTimeline([before, abandoned, after], 2, history).map((b) => b.label)).toEqual([
    'F1',
    'F2',
  ]);
  // On timeline 1 itself, every backup of it.
  expect(backupsOnTimeline([before, abandoned, after], 1, []).map((b) => b.label)).toEqual([
    'F1',
    'F1_D1',
  ]);
});
