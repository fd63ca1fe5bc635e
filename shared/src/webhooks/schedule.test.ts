import { expect, test } from 'bun:test';
import { nextDelay, parseSchedule, retryAfterMs } from './schedule';

test('the schedule parses, and what is not one is refused', () => {
  expect(parseSchedule('5s,5m,30m,2h,5h,10h,10h')).toEqual([
    5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
  ]);
  expect(parseSchedule('500ms, 1s')).toEqual([500, 1000]);
  for (const bad of ['', '5', '5x', '1s,,2s', '0s', '-1s']) expect(parseSchedule(bad)).toBeNull();
});

test('delays follow the schedule with a tenth of jitter, then stop', () => {
  const schedule = [1000, 60_000];
  expect(nextDelay(schedule, 1, null, 0)).toBe(900);
  expect(nextDelay(schedule, 1, null, 0.999_999)).toBe(1100);
  expect(nextDelay(schedule, 2, null, 0.5)).toBe(60_000);
  expect(nextDelay(schedule, 3, null, 0.5)).toBeNull();
});

test('Retry-After holds the next attempt back, within a day', () => {
  expect(nextDelay([1000], 1, 30_000, 0.5)).toBe(30_000);
  expect(nextDelay([60_000], 1, 1000, 0.5)).toBe(60_000);
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(retryAfterMs('3', now)).toBe(3000);
  expect(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
  expect(retryAfterMs('999999999', now)).toBe(24 * 3_600_000);
  expect(retryAfterMs('soon', now)).toBeNull();
  expect(retryAfterMs(null, now)).toBeNull();
});
