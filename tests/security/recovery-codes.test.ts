import { expect, test } from 'bun:test';
import { recoveryCode } from '@insightdesk/shared/auth';

// Recovery codes are drawn uniformly from their alphabet: a byte taken modulo 31 makes the first
// 8 letters 9/8 as likely as the others (256 = 8 × 31 + 8), which this sample shows at once.

test('every character of a recovery code is equally likely (no modulo bias)', () => {
  const counts = new Map<string, number>();
  const CODES = 40_000;
  for (let i = 0; i < CODES; i++) {
    const code = recoveryCode();
    expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    for (const ch of code.replace('-', '')) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  expect(counts.size).toBe(31);
  const expected = (CODES * 10) / 31;
  // ±5 % is more than five standard deviations of a fair draw (about 114 here) and well under
  // the 9 % excess a modulo draw gives its first eight letters.
  const off = [...counts].filter(([, n]) => Math.abs(n - expected) > expected * 0.05);
  expect(off).toEqual([]);
});
