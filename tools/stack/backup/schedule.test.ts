import { expect, test } from 'bun:test';
import type { BackupSet } from './pgbackrest';
import { dueBackup } from './schedule';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-28T12:00:00Z');
const set = (type: BackupSet['type'], hoursAgo: number, timeline = 1): BackupSet => ({
  label: `${type}-${hoursAgo}`,
  type,
  start: new Date(now - hoursAgo * HOUR),
  stop: new Date(now - hoursAgo * HOUR + 60_000),
  size: 1,
  repoSize: 1,
  walStart: `${timeline.toString(16).padStart(8, '0')}0000000000000004`,
  walStop: '',
  lsnStop: '0/4000100',
  prior: null,
});
const policy = { fullEveryHours: 168, diffEveryHours: 24 };

test('a full backup first, then weekly; a differential one daily in between', () => {
  expect(dueBackup([], now, policy)).toBe('full');
  expect(dueBackup([set('full', 1)], now, policy)).toBeNull();
  expect(dueBackup([set('full', 25)], now, policy)).toBe('diff');
  expect(dueBackup([set('full', 50), set('diff', 2)], now, policy)).toBeNull();
  expect(dueBackup([set('full', 50), set('diff', 24)], now, policy)).toBe('diff');
  // The full one's age decides, whatever differential ones came since.
  expect(dueBackup([set('full', 168), set('diff', 1)], now, policy)).toBe('full');
  // Only differential or incremental ones left (their full expired, or failed): a full one.
  expect(dueBackup([set('diff', 1)], now, policy)).toBe('full');
});

test('after a restore (a new timeline), a full backup at once', () => {
  expect(dueBackup([set('full', 1, 1), set('diff', 0, 1)], now, policy, 2)).toBe('full');
  expect(dueBackup([set('full', 1, 1), set('full', 0, 2)], now, policy, 2)).toBeNull();
});
