import { describe, expect, test } from 'bun:test';
import { firstIds } from './first-ids';

describe('the first id of each change', () => {
  test('a change seen again under a newer id answers its first; an older id takes its place', () => {
    const ids = firstIds({ windowMs: 60_000, capacity: 100 });
    expect(ids.note('row-1', '10-0')).toBe('10-0');
    expect(ids.note('row-1', '20-0')).toBe('10-0');
    expect(ids.note('row-1', '5-0')).toBe('5-0');
    expect(ids.note('row-2', '20-1')).toBe('20-1');
  });

  test('what it remembers is bounded by time and by count, and lasts one window at least', () => {
    let clock = 0;
    const ids = firstIds({ windowMs: 1_000, capacity: 3, now: () => clock });
    ids.note('a', '1-0');
    clock = 999;
    expect(ids.note('a', '2-0')).toBe('1-0');
    clock = 1_500; // rotated: 'a' is in the older generation, still remembered
    expect(ids.note('b', '3-0')).toBe('3-0');
    expect(ids.note('a', '4-0')).toBe('1-0');
    clock = 2_600; // rotated twice since 'b' was first noted: 'b' lives on through its last note
    expect(ids.note('b', '5-0')).toBe('3-0');
    for (const row of ['c', 'd', 'e', 'f', 'g', 'h']) ids.note(row, '6-0');
    expect(ids.size).toBeLessThanOrEqual(6);
    expect(ids.note('b', '7-0')).toBe('7-0');
  });
});
