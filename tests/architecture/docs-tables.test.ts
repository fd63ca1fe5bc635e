import { expect, test } from 'bun:test';
import { staleTables } from '../../tools/docs/event-catalog';

// The event catalogues of the docs are written from the declarations: the platform's in
// docs/realtime.md, the product's in its README. On failure: `bun tools/docs/event-catalog.ts --write`.
test('the event catalogues in the docs are the declarations, written out', () => {
  expect(staleTables()).toEqual([]);
});
