import { expect, test } from 'bun:test';
import { dirname, join } from 'node:path';

// Our patch of postgres.js (patches/postgres@3.4.9.patch, docs/patches.md): the queue its pool
// keeps its connections in (`src/queue.js`) drops the slots it has shifted once they are half of
// its array. The pool's busy connections are shifted and pushed back on every query under steady
// load, so that queue is never empty when shifted, and 3.4.9 kept one slot per query ever made:
// memory without end, and `remove()` scanning all of them.

type Queue<T> = { length: number; push(x: T): T; shift(): T | undefined; remove(x: T): T | null };
const queueModule = join(dirname(Bun.resolveSync('postgres', import.meta.dir)), 'queue.js');
const { default: createQueue } = (await import(queueModule)) as {
  default: <T>(initial?: T[]) => Queue<T>;
};

const heapAfterCollection = () => {
  Bun.gc(true);
  return process.memoryUsage().heapUsed;
};

test('a queue never empty when shifted keeps its order and no slot per shift', () => {
  const connections = Array.from({ length: 10 }, (_, i) => ({ i }));
  const queue = createQueue(connections.slice());
  const before = heapAfterCollection();
  // Two million queries' worth of rotation: unpatched, 16 MB of slots kept.
  for (let n = 0; n < 2_000_000; n++) {
    const connection = queue.shift();
    if (connection) queue.push(connection);
  }
  const grown = heapAfterCollection() - before;
  expect(grown).toBeLessThan(4 * 1024 * 1024);
  expect(queue.length).toBe(10);
  // Still a queue: in order, and an element is removed wherever it is.
  const third = connections[(2_000_000 + 2) % 10];
  expect(queue.remove(third as { i: number })).toBe(third as { i: number });
  expect(queue.remove(third as { i: number })).toBeNull();
  const order = Array.from({ length: 9 }, () => queue.shift()?.i);
  expect(order).toEqual([0, 1, 3, 4, 5, 6, 7, 8, 9]);
});
