import { expect, test } from 'bun:test';
import { compareEventIds } from './ids';

// The exact comparison: both ids parsed as BigInts, anything not an id as 0-0.
function reference(a: string, b: string): number {
  const parse = (id: string) => {
    const [, ms = '0', seq = '0'] = id.match(/^(\d{1,20})-(\d{1,20})$/) ?? [];
    return [BigInt(ms), BigInt(seq)] as const;
  };
  const [am, as] = parse(a);
  const [bm, bs] = parse(b);
  if (am !== bm) return am < bm ? -1 : 1;
  return as === bs ? 0 : as < bs ? -1 : 1;
}

test('stream ids compare as the BigInt comparison does, odd strings included', () => {
  const samples = [
    '0-0',
    '0-1',
    '1-0',
    '9-9',
    '10-0',
    '2-10',
    '2-9',
    '1764300000000-0',
    '1764300000000-12',
    '1764300000001-0',
    '99999999999999999999-99999999999999999999',
    '18446744073709551615-0',
    '007-1',
    '7-01',
    '00-0',
    '0-00',
    '',
    '-',
    '1-',
    '-1',
    '1--1',
    '1-2-3',
    'a-1',
    '1-a',
    ' 1-1',
    '1-1 ',
    '123456789012345678901-0',
    '1-123456789012345678901',
    '١-١',
    '1–1',
  ];
  const random = () => {
    const digits = (n: number) =>
      Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
    return `${digits(1 + Math.floor(Math.random() * 14))}-${digits(1 + Math.floor(Math.random() * 3))}`;
  };
  for (let i = 0; i < 2000; i++) samples.push(random());
  for (const a of samples)
    for (const b of samples.slice(0, 80)) {
      expect([a, b, compareEventIds(a, b)]).toEqual([a, b, reference(a, b)]);
      expect([b, a, compareEventIds(b, a)]).toEqual([b, a, reference(b, a)]);
    }
});
