import { expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { statement } from './statement';
import type { Executor } from './types';

/** An executor whose driver records what it is asked (the text, the values, the options). */
function recording() {
  const calls: unknown[][] = [];
  const client = { unsafe: async (...args: unknown[]) => (calls.push(args), [{ ok: 1 }]) };
  return { db: { _: { session: { client } } } as unknown as Executor, calls };
}

test('a statement is the text drizzle renders, its placeholders filled by name on each call', async () => {
  const query = sql`select 1 from tickets t where t.org_id = ${sql.placeholder('orgId')} and t.id = ${sql.placeholder('id')} and t.status <> ${'closed'}`;
  const read = statement<{ ok: number }, { orgId: string; id: string }>(query);
  const { db, calls } = recording();
  expect(await read(db, { orgId: 'org-1', id: 'ticket-1' })).toEqual([{ ok: 1 }]);
  await read(db, { id: 'ticket-2', orgId: 'org-2' });
  const text = new PgDialect().sqlToQuery(query).sql;
  expect(calls).toEqual([
    [text, ['org-1', 'ticket-1', 'closed'], { prepare: true }],
    [text, ['org-2', 'ticket-2', 'closed'], { prepare: true }],
  ]);
});

test('a value left out is refused before anything is sent', async () => {
  const read = statement<unknown, { id: string }>(sql`select ${sql.placeholder('id')}`);
  const { db, calls } = recording();
  await expect(read(db, {} as { id: string })).rejects.toThrow('id');
  expect(calls).toEqual([]);
});
