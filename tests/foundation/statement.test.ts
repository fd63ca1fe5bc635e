import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, sendWithCommit, statement } from '@insightdesk/shared/db';
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

test('statements called one after another, unawaited, run in that order on the transaction', async () => {
  const set = statement<never, { value: string }>(
    sql`select set_config('insightdesk.statement_order', ${sql.placeholder('value')}, true)`,
  );
  const read = statement<{ value: string | null }, Record<string, never>>(
    sql`select current_setting('insightdesk.statement_order', true) as value`,
  );
  const seen = await database.db.transaction(async (tx) => {
    // Handed to the connection when called: the read goes out behind the write and sees it,
    // whichever of their answers is awaited first.
    const [, first, , second] = await Promise.all([
      set(tx, { value: 'first' }),
      read(tx, {}),
      set(tx, { value: 'second' }),
      read(tx, {}),
    ]);
    return [first?.[0]?.value, second?.[0]?.value];
  });
  expect(seen).toEqual(['first', 'second']);
});

test('a value left out is refused before anything is sent', async () => {
  await expect(echo(database.db, { a: 1 } as { a: number; b: string })).rejects.toThrow('"b"');
});

// sendWithCommit (and statement().withCommit): a write sent ahead of its transaction's COMMIT,
// its answer not awaited in the transaction — the outbox's insert, a round trip per change fewer.
const CHANNEL = 'insightdesk_test_with_commit';
const notify = statement<never, { payload: string }>(
  sql`select pg_notify(${CHANNEL}, ${sql.placeholder('payload')})`,
);

async function listening() {
  const heard: string[] = [];
  const subscription = await database.sql.listen(CHANNEL, (payload) => heard.push(payload));
  return { heard, stop: () => subscription.unlisten() };
}

test('a statement sent with the commit runs in its transaction and commits with it', async () => {
  const { heard, stop } = await listening();
  try {
    let txid = '';
    const result = await database.db.transaction(async (tx) => {
      const [row] = await tx.execute<{ txid: string }>(sql`select txid_current()::text as txid`);
      txid = row?.txid ?? '';
      // Its payload is the transaction's id as the statement sees it: the same transaction.
      await sendWithCommit(tx, sql`select pg_notify(${CHANNEL}, txid_current()::text)`);
      return 'done';
    });
    expect(result).toBe('done');
    for (let waited = 0; heard.length === 0 && waited < 3_000; waited += 20) await Bun.sleep(20);
    expect(heard).toEqual([txid]);
  } finally {
    await stop();
  }
});

test('a statement sent with the commit that fails rolls its transaction back, with its error', async () => {
  const { heard, stop } = await listening();
  try {
    const failing = database.db.transaction(async (tx) => {
      await notify(tx, { payload: 'rolled back' });
      await sendWithCommit(tx, sql`select 1 / 0`);
      return 'committed?';
    });
    await expect(failing).rejects.toThrow('division by zero');
    // The connection goes on serving: a later transaction's notification arrives, alone.
    await database.db.transaction(async (tx) => notify.withCommit(tx, { payload: 'after' }));
    for (let waited = 0; heard.length === 0 && waited < 3_000; waited += 20) await Bun.sleep(20);
    expect(heard).toEqual(['after']);
  } finally {
    await stop();
  }
});

test('outside a transaction, a statement sent with the commit is awaited as any other', async () => {
  await expect(sendWithCommit(database.db, sql`select 1 / 0`)).rejects.toThrow('division by zero');
});

test('on a transaction that has ended, a statement sent with the commit is awaited as any other', async () => {
  let ended: Parameters<Parameters<typeof database.db.transaction>[0]>[0] | undefined;
  await database.db.transaction(async (tx) => {
    ended = tx;
  });
  if (!ended) throw new Error('no transaction');
  // Not put aside for a COMMIT that has gone: its error reaches its caller.
  await expect(sendWithCommit(ended, sql`select 1 / 0`)).rejects.toThrow('division by zero');
});
