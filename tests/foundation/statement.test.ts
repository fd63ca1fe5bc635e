import { afterAll, describe, expect, test } from 'bun:test';
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

// Pipelined statements (statement(…, { pipelined: true }), DB_PIPELINE_MAX): outside a
// transaction they share the pipeline's connections, queued behind one another on them.
describe('a pipelined statement', () => {
  const pipelined = createDatabase({
    url: loadConfig({ db: dbConfig }, { dir: ROOT }).db.url,
    poolMax: 4,
    pipelineMax: 1,
    applicationName: 'test-statement-pipelined',
    logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
  });
  afterAll(() => pipelined.close());
  const backend = sql`pg_backend_pid() as backend`;
  const onPipeline = statement<{ backend: number; n: number }, { n: number }>(
    sql`select ${backend}, ${sql.placeholder('n')}::int as n, pg_sleep(0.05)::text as slept`,
    { pipelined: true },
  );
  const onPool = statement<{ backend: number }, { n: number }>(
    sql`select ${backend}, ${sql.placeholder('n')}::int as n, pg_sleep(0.05)::text as slept`,
  );

  test('runs outside a transaction on the pipeline, many at once on its one connection', async () => {
    const reads = await Promise.all(
      Array.from({ length: 8 }, (_, n) => onPipeline(pipelined.db, { n })),
    );
    // Each answered its own values, all by one backend: queued on the one connection.
    expect(reads.map((rows) => rows[0]?.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(new Set(reads.map((rows) => rows[0]?.backend)).size).toBe(1);
    // Statements without the option spread over the pool's connections, none of them that one.
    const spread = await Promise.all(
      Array.from({ length: 4 }, (_, n) => onPool(pipelined.db, { n })),
    );
    const poolBackends = new Set(spread.map((rows) => rows[0]?.backend));
    expect(poolBackends.size).toBeGreaterThan(1);
    expect(poolBackends.has(reads[0]?.[0]?.backend)).toBe(false);
  });

  test("in a transaction, runs on the transaction's connection", async () => {
    await pipelined.db.transaction(async (tx) => {
      const [own] = await tx.execute<{ backend: number }>(sql`select ${backend}`);
      const [row] = await onPipeline(tx, { n: 1 });
      expect(row?.backend).toBe(own?.backend);
    });
  });

  test('one that fails fails alone: the reads queued with it are answered', async () => {
    const failing = statement<{ n: number }, { n: number }>(
      sql`select 1 / ${sql.placeholder('n')}::int as n`,
      { pipelined: true },
    );
    const [before, failed, after] = await Promise.allSettled([
      onPipeline(pipelined.db, { n: 1 }),
      failing(pipelined.db, { n: 0 }),
      onPipeline(pipelined.db, { n: 2 }),
    ]);
    expect(failed.status).toBe('rejected');
    expect(before.status === 'fulfilled' && before.value[0]?.n).toBe(1);
    expect(after.status === 'fulfilled' && after.value[0]?.n).toBe(2);
  });

  test('answers values as the pool does (dates as drizzle hands them through, text)', async () => {
    const query = sql`select timestamptz '2026-11-28 05:00:00+00' as at, date '2026-11-28' as day`;
    const pipelinedAt = statement<{ at: unknown; day: unknown }, Record<string, never>>(query, {
      pipelined: true,
    });
    const pooledAt = statement<{ at: unknown; day: unknown }, Record<string, never>>(query);
    const [[viaPipeline], [viaPool]] = await Promise.all([
      pipelinedAt(pipelined.db, {}),
      pooledAt(pipelined.db, {}),
    ]);
    expect(viaPool).toEqual({ at: '2026-11-28 05:00:00+00', day: '2026-11-28' });
    expect(viaPipeline).toEqual(viaPool);
  });

  test('is told apart in pg_stat_activity', async () => {
    const [row] = await statement<{ name: string }, Record<string, never>>(
      sql`select current_setting('application_name') as name`,
      { pipelined: true },
    )(pipelined.db, {});
    expect(row?.name).toBe('test-statement-pipelined:pipeline');
  });

  test('without a pipeline (DB_PIPELINE_MAX=0) it runs on the pool', async () => {
    const reads = await Promise.all(
      Array.from({ length: 2 }, (_, n) => onPipeline(database.db, { n })),
    );
    // The database of this file has no pipeline: two at once take two of its connections.
    expect(new Set(reads.map((rows) => rows[0]?.backend)).size).toBe(2);
  });
});
