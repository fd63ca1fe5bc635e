import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, statement } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { sql } from 'drizzle-orm';
import { ROOT } from '../support/stack';

// statement() runs a hot statement on the driver under a drizzle database or transaction
// (shared/src/db/statement.ts): on the transaction's own connection, its values by name.
const database = createDatabase({
  url: loadConfig({ db: dbConfig }, { dir: ROOT }).db.url,
  poolMax: 2,
  applicationName: 'test-statement',
  logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
});
afterAll(() => database.close());

const echo = statement<{ a: number; b: string; backend: number }, { a: number; b: string }>(
  sql`select ${sql.placeholder('a')}::int as a, ${sql.placeholder('b')}::text as b,
             pg_backend_pid() as backend`,
);

test('a statement binds its values by name, on the database', async () => {
  const [row] = await echo(database.db, { b: 'two', a: 1 });
  expect(row).toMatchObject({ a: 1, b: 'two' });
});

test("in a transaction, a statement runs on the transaction's connection and sees its writes", async () => {
  const seen = statement<{ value: string | null }, { key: string }>(
    sql`select current_setting(${sql.placeholder('key')}, true) as value`,
  );
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('insightdesk.statement_test', 'inside', true)`);
    const [{ backend } = { backend: -1 }] = await tx.execute<{ backend: number }>(
      sql`select pg_backend_pid() as backend`,
    );
    const [row] = await echo(tx, { a: 2, b: 'x' });
    expect(row?.backend).toBe(backend);
    expect((await seen(tx, { key: 'insightdesk.statement_test' }))[0]?.value).toBe('inside');
  });
  // Outside it, the setting (local to the transaction) is gone.
  expect((await seen(database.db, { key: 'insightdesk.statement_test' }))[0]?.value ?? '').toBe('');
});

test('a value left out is refused before anything is sent', async () => {
  await expect(echo(database.db, { a: 1 } as { a: number; b: string })).rejects.toThrow('"b"');
});
