import { expect, test } from 'bun:test';
import { isStalled } from './watchdog';

test('the watchdog calls a worker stuck only when jobs wait, it has room, and it has been idle too long', () => {
  const base = {
    waiting: 5,
    active: 0,
    capacity: 20,
    lastConsumedAt: 0,
    now: 120_001,
    stallMs: 120_000,
  };
  expect(isStalled(base)).toBe(true);
  expect(isStalled({ ...base, waiting: 0 })).toBe(false);
  expect(isStalled({ ...base, active: 20 })).toBe(false);
  expect(isStalled({ ...base, now: 60_000 })).toBe(false);
});
