import { expect, test } from 'bun:test';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { fixed } from './fixed';
import { isoText } from './iso-text';

const render = (fragment: ReturnType<typeof sql>) => new PgDialect().sqlToQuery(fragment);

test('a fixed fragment renders to the same statement as the fragment it was made of', () => {
  const columns = sql`t.id, ${isoText(sql`t.created_at`)} as created_at`;
  const select = sql`select ${columns} from tickets t`;
  const query = (from: ReturnType<typeof sql>) =>
    render(sql`${from} where t.org_id = ${'org-1'} and t.id = ${'ticket-1'}`);
  expect(query(fixed(select))).toEqual(query(select));
  expect(query(fixed(select)).params).toEqual(['org-1', 'ticket-1']);
});

test('a fragment with parameters is refused (their values would be frozen into the text)', () => {
  expect(() => fixed(sql`t.org_id = ${'org-1'}`)).toThrow('parameters');
});
