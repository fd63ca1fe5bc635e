import { expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import { testPinned } from '../../../tests/support/pinned-library';
import { DRIZZLE, driverOf } from './drizzle-internals';
import type { Db } from './types';

// The contract of drizzle-internals.ts, without a database: drizzle on a postgres.js driver that
// records what drizzle asks of it and answers no rows.

testPinned(DRIZZLE, 'shared/src/db/drizzle-internals.ts', import.meta.dir);

type Call = [driver: string, method: string, text?: string, params?: unknown[], options?: unknown];

/**
 * A driver (a real, never connected postgres.js one underneath) that records its calls, and the
 * drivers it hands transactions and savepoints by name (`pool>begin`, `pool>begin>savepoint`).
 */
function recording(name: string, calls: Call[], base: Sql, handed: Map<string, Sql>): Sql {
  return new Proxy(base, {
    get(target, key, receiver) {
      if (key === 'unsafe')
        return (text: string, params: unknown[], options: unknown) => {
          calls.push([name, 'unsafe', text, params, options]);
          const rows = Object.assign(Promise.resolve([]), { values: () => Promise.resolve([]) });
          return rows;
        };
      if (key === 'begin' || key === 'savepoint')
        return (fn: (driver: Sql) => unknown) => {
          calls.push([name, key]);
          const inner = recording(`${name}>${key}`, calls, base, handed);
          handed.set(`${name}>${key}`, inner);
          return Promise.resolve(fn(inner));
        };
      return Reflect.get(target, key, receiver);
    },
  });
}

const items = pgTable('items', { id: integer('id').primaryKey() });

test("a database's, a transaction's and a savepoint's driver, each running its own statements", async () => {
  const calls: Call[] = [];
  const base = postgres('postgres://contract@127.0.0.1:9/contract', { max: 1 });
  const handed = new Map<string, Sql>();
  const pool = recording('pool', calls, base, handed);
  const db = drizzle(pool) as unknown as Db;
  expect(driverOf(db)).toBe(pool);

  await db.execute(sql`select ${1}`);
  await db.select().from(items);
  const seen: Sql[] = [];
  await db.transaction(async (tx) => {
    seen.push(driverOf(tx));
    await tx.execute(sql`select ${2}`);
    await tx.transaction(async (nested) => {
      seen.push(driverOf(nested));
      await nested.execute(sql`select ${3}`);
    });
  });
  expect(seen).toHaveLength(2);
  expect(seen[0]).toBe(handed.get('pool>begin') as Sql);
  expect(seen[1]).toBe(handed.get('pool>begin>savepoint') as Sql);
  expect(calls).toEqual([
    ['pool', 'unsafe', 'select $1', [1], { prepare: false }],
    ['pool', 'unsafe', 'select "id" from "items"', [], { prepare: false }],
    ['pool', 'begin'],
    ['pool>begin', 'unsafe', 'select $1', [2], { prepare: false }],
    ['pool>begin', 'savepoint'],
    ['pool>begin>savepoint', 'unsafe', 'select $1', [3], { prepare: false }],
  ]);
  await base.end();
});
