import { expect, test } from 'bun:test';
import { reconnectDelaySeconds } from './reconnect';

test('a reconnect waits a little more after each failure, never more than a second', () => {
  const longest = (attempts: number) => reconnectDelaySeconds(attempts, () => 1);
  const shortest = (attempts: number) => reconnectDelaySeconds(attempts, () => 0);
  expect(longest(1)).toBeCloseTo(0.1);
  expect(longest(2)).toBeCloseTo(0.2);
  expect(longest(3)).toBeCloseTo(0.4);
  // The pool's count after a restart with every connection failing (postgres.js's default: 20 s).
  for (const attempts of [5, 10, 30, 1000]) {
    expect(longest(attempts)).toBe(1);
    expect(shortest(attempts)).toBe(0.5);
  }
  expect(shortest(1)).toBeCloseTo(0.05);
});
