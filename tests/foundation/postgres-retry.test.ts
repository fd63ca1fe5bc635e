import { afterAll, beforeAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { ROOT } from '../support/stack';

// Our patch of postgres.js (patches/postgres@3.4.9.patch): a prepared statement that PostgreSQL
// refuses because DDL changed what it answers ("cached plan must not change result type": a
// migration altering a column a hot read selects) is prepared again and retried. Prepared again,
// it is described before it is bound, and nothing may be sent behind it until it is bound —
// PostgreSQL would run that first, and its answers be taken as the retried query's. The pool
// stops pipelining onto a connection whose query says so when the pool sends it; the retry is sent
// by the connection itself, and the pool went on pipelining onto it (a pipelined read, or any
// pool at saturation): unpatched, 53–156 of this test's 600 answers went to the wrong query.
const config = loadConfig({ db: dbConfig }, { dir: ROOT }).db;
const TABLE = `retry_probe_${process.pid}`;
const owner = postgres(config.ownerUrl, { max: 1, onnotice: () => {} });
// One connection: every query pipelined behind the one before.
const sql = postgres(config.url, { max: 1 });

beforeAll(async () => {
  await owner.unsafe(`create table ${TABLE} (id int primary key, v int)`);
  await owner.unsafe(`insert into ${TABLE} values (1, 10)`);
  await owner.unsafe(`grant select on ${TABLE} to ${new URL(config.url).username}`);
});
afterAll(async () => {
  await sql.end({ timeout: 5 });
  await owner.unsafe(`drop table if exists ${TABLE}`);
  await owner.end({ timeout: 5 });
});

test('a statement retried after DDL changed its plan takes its own answer, and the queries behind it theirs', async () => {
  const probe = () => sql.unsafe(`select v from ${TABLE} where id = $1`, [1], { prepare: true });
  const echo = (n: number) => sql.unsafe('select $1::int as n', [n], { prepare: true });
  await probe();
  await echo(0);
  const wrong: string[] = [];
  for (let round = 0; round < 20; round++) {
    // The probe's prepared plan is invalid from here: its next run fails once and is retried.
    await owner.unsafe(`alter table ${TABLE} alter column v type ${round % 2 ? 'int' : 'bigint'}`);
    const answers: Promise<void>[] = [
      probe().then(([row]) => {
        if (Number(row?.v) !== 10) wrong.push(`probe: ${JSON.stringify(row)}`);
      }),
    ];
    // Queries pipelined behind it, one a turn of the event loop, through the retry.
    for (let turn = 1; turn <= 30; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
      const n = round * 100 + turn;
      answers.push(
        echo(n).then(([row]) => {
          if (row?.n !== n) wrong.push(`echo ${n}: ${JSON.stringify(row)}`);
        }),
      );
    }
    // Out of step, a query may also wait forever for an answer another took.
    const settled = await Promise.race([
      Promise.all(answers).then(() => true),
      Bun.sleep(5_000).then(() => false),
    ]);
    expect(settled).toBe(true);
  }
  expect(wrong).toEqual([]);
}, 60_000);
