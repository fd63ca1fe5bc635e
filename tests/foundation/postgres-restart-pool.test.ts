import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { eventually, ROOT } from '../support/stack';

// What a PostgreSQL restart leaves in a pool, on a bare postgres.js pool (the services' own
// client, patched: patches/postgres@3.4.9.patch). A backend ended under a running statement
// (fast shutdown, pg_terminate_backend: both signal it and it answers `57P01 terminating
// connection due to administrator command` before it closes) fails that statement — and must
// fail nothing after it. postgres.js 3.4.9 kept the farewell and the statement it came for on
// the connection object across the reconnect, and replayed the farewell onto the first query the
// connection was given again, whenever that was.

const DATABASE_URL = loadConfig({ db: dbConfig }, { dir: ROOT }).db.url;
const POOL = 4;
const APP = `restart-pool-${process.pid}`;

const pool = postgres(DATABASE_URL, {
  max: POOL,
  onnotice: () => {},
  connection: { application_name: APP },
});
const admin = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });

afterAll(async () => {
  await Promise.all([pool.end({ timeout: 1 }), admin.end({ timeout: 1 })]);
});

/** One statement per pooled connection at once: each holds its connection until all have one. */
async function onEveryConnection(): Promise<PromiseSettledResult<number>[]> {
  return Promise.allSettled(
    Array.from({ length: POOL }, async () => {
      const [row] = await pool<{ pid: number }[]>`select pg_backend_pid() as pid, pg_sleep(0.3)`;
      return row?.pid ?? 0;
    }),
  );
}

async function terminateWhenRunning(count: number): Promise<void> {
  await eventually(
    async () => {
      const [row] = await admin<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
         where application_name = ${APP} and query like '%pg_sleep(30)%' and state = 'active'`;
      return (row?.n ?? 0) >= count;
    },
    30_000,
    50,
  );
  await admin`
    select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${APP}`;
}

test('every pooled connection whose backend was ended under a statement (plain or in a transaction) answers its next query', async () => {
  const first = await onEveryConnection();
  const pids = new Set(first.map((r) => (r.status === 'fulfilled' ? r.value : 0)));
  expect(pids.size).toBe(POOL);

  // Half the connections in a plain statement, half inside a transaction, when their backends end.
  const inFlight = Array.from({ length: POOL }, (_, i) =>
    (i % 2 === 0
      ? pool`select pg_sleep(30)`
      : pool.begin(async (tx) => {
          await tx`select 1`;
          await tx`select pg_sleep(30)`;
        })
    ).then(
      () => 'resolved',
      (err: { code?: string }) => err.code ?? 'error',
    ),
  );
  await terminateWhenRunning(POOL);
  // Each failed with the farewell (or the closed connection, whichever the client saw first).
  for (const outcome of await Promise.all(inFlight)) {
    expect(['57P01', 'CONNECTION_CLOSED']).toContain(outcome);
  }

  // Then every connection reconnects for the next statement it is given, and answers it. Twice:
  // the first round reconnects them, the second checks they stayed sound.
  for (let round = 0; round < 2; round++) {
    const after = await onEveryConnection();
    expect(after.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason)))).toEqual(
      Array(POOL).fill('ok'),
    );
    const newPids = new Set(after.map((r) => (r.status === 'fulfilled' ? r.value : 0)));
    expect(newPids.size).toBe(POOL);
    expect([...newPids].some((pid) => pids.has(pid))).toBe(false);
  }
}, 60_000);
