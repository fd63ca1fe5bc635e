import { expect, test } from 'bun:test';
import { afterWalk, type WalkedTicket } from './list';

const row = (n: number, matches: boolean): WalkedTicket => ({
  id: `ticket-${n}`,
  createdAt: new Date(Date.UTC(2026, 0, 1) - n * 60_000).toISOString(),
  n,
  matches,
});

test('a walk that found a page is the page', () => {
  const rows = [row(1, true), row(4, true), row(9, true)];
  expect(afterWalk(rows, 3, 256)).toEqual({
    matches: ['ticket-1', 'ticket-4', 'ticket-9'],
    goOnFrom: null,
  });
});

test('a walk that reached the end of the tickets found every match', () => {
  // Fewer matches than a page, and no row at the walk's last place: there are no more tickets.
  expect(afterWalk([row(2, true), row(7, true)], 26, 256)).toEqual({
    matches: ['ticket-2', 'ticket-7'],
    goOnFrom: null,
  });
  expect(afterWalk([], 26, 256)).toEqual({ matches: [], goOnFrom: null });
});

test('a walk that ran its length without a page goes on from its last ticket', () => {
  const last = row(256, false);
  expect(afterWalk([row(3, true), last], 26, 256)).toEqual({
    matches: ['ticket-3'],
    goOnFrom: { at: new Date(last.createdAt), id: last.id },
  });
  // The last ticket of the walk may match itself: it is one of the page's, and the search goes on
  // after it.
  const matching = row(256, true);
  expect(afterWalk([matching], 26, 256)).toEqual({
    matches: ['ticket-256'],
    goOnFrom: { at: new Date(matching.createdAt), id: matching.id },
  });
  // A rare word: nothing among the newest.
  expect(afterWalk([last], 26, 256).matches).toEqual([]);
});

test('a full page ends the search even when the walk ran its length', () => {
  const rows = [row(1, true), row(2, true), row(256, true)];
  expect(afterWalk(rows, 2, 256)).toEqual({ matches: ['ticket-1', 'ticket-2'], goOnFrom: null });
});
