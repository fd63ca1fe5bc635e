import { expect, test } from 'bun:test';
import { ValidationError } from '../errors';
import { decodeCursor, encodeCursor, toPage } from './pagination';

const at = new Date('2026-03-04T05:06:07.089Z');
const id = '0191c3e5-7a3b-7c3d-8e4f-123456789abc';

test('a cursor is the position it was made of, and anything else is a 400 on `cursor`', () => {
  expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
  expect(decodeCursor(undefined)).toBeUndefined();
  for (const bad of ['', 'not-base64!', Buffer.from('["2026-01-01","x"]').toString('base64url')])
    expect(() => decodeCursor(bad)).toThrow(ValidationError);
  expect(() =>
    decodeCursor(Buffer.from(`["0000-01-01",${JSON.stringify(id)}]`).toString('base64url')),
  ).toThrow(ValidationError);
});

test('a page keeps `limit` rows and a cursor after the last, when one more was read', () => {
  const rows = [1, 2, 3].map((n) => ({ n, at, id }));
  const page = toPage(
    rows,
    2,
    (r) => r.n,
    (r) => r,
  );
  expect(page.items).toEqual([1, 2]);
  expect(page.nextCursor && decodeCursor(page.nextCursor)).toEqual({ at, id });
  expect(
    toPage(
      rows.slice(0, 2),
      2,
      (r) => r.n,
      (r) => r,
    ).nextCursor,
  ).toBeNull();
});
