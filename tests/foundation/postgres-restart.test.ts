import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { PASSWORD, uniqueEmail } from '../support/api';
import { invite } from '../support/deliveries';
import { callInstance } from '../support/http';
import { waitForMail } from '../support/mail';
import {
  eventually,
  freshServicePools,
  processInfo,
  ROOT,
  SERVICE_INSTANCE,
  stack,
  stackStatus,
} from '../support/stack';

// A PostgreSQL restart is a fault the services ride out: each in-flight query fails (a 5xx
// inside the fault window is allowed), no process dies, and they serve again once PostgreSQL is
// back. postgres.js 3.4.9 threw from a timer when a transaction's ROLLBACK reached a connection
// that had just closed, which killed every api and worker (porsager/postgres#1066, #1208); our
// patch of it (patches/postgres@3.4.9.patch) rejects that query instead.

afterAll(async () => {
  if ((await processInfo('postgres')).state !== 'running') await stack('start', 'postgres');
  await freshServicePools();
}, 180_000);

const DATABASE_URL = loadConfig({ db: dbConfig }, { dir: ROOT }).db.url;

/** Registrations straight to api-n, each from its own client address (no budget in the way). */
async function register(n: number, i: number): Promise<number> {
  const res = await callInstance(n, '/api/v1/auth/register', {
    headers: { 'X-Real-IP': `10.23.${n}.${i % 250}` },
    body: {
      email: uniqueEmail('pgrestart'),
      password: PASSWORD,
      name: 'Restart',
      organizationName: 'Restart org',
    },
  }).catch(() => undefined);
  return res?.status ?? 0;
}

test('a PostgreSQL restart with transactions in flight leaves every api and worker process running, and they serve again', async () => {
  const before = (await stackStatus()).processes.filter((p) => SERVICE_INSTANCE.test(p.name));
  expect(before.filter((p) => /^(api|worker)-/.test(p.name)).length).toBeGreaterThanOrEqual(2);

  // Transactions in flight when PostgreSQL stops, for certain: the outbox is locked, so each
  // registration (its transaction records an event) and the workers' relay (it claims outbox
  // rows) wait inside their transactions until the fast shutdown ends them.
  const locker = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const observer = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const locked = locker
    .begin(async (tx) => {
      await tx`lock table outbox in exclusive mode`;
      await tx`select pg_sleep(120)`;
    })
    .catch(() => undefined);
  const requests = [1, 2, 1, 2].map((n, i) => register(n, i));
  await eventually(
    async () => {
      const [row] = await observer<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
       where wait_event_type = 'Lock' and query ilike '%outbox%'`;
      return (row?.n ?? 0) >= 5;
    },
    60_000,
    250,
  );

  await stack('stop', 'postgres');
  await stack('start', 'postgres');
  // Answered, with an error: nothing hangs.
  expect((await Promise.all(requests)).every((s) => s >= 500 || s === 201)).toBe(true);
  await locked;
  await Promise.all([locker.end({ timeout: 1 }), observer.end({ timeout: 1 })]);
  await Bun.sleep(2000);

  // The same processes, not restarted by the supervisor.
  const after = (await stackStatus()).processes.filter((p) => SERVICE_INSTANCE.test(p.name));
  for (const p of before) {
    const now = after.find((a) => a.name === p.name);
    expect({ name: p.name, pid: now?.pid, restarts: now?.restarts, state: now?.state }).toEqual({
      name: p.name,
      pid: p.pid,
      restarts: p.restarts,
      state: 'running',
    });
  }

  // They serve again: each api instance registers an account, a worker sends an invitation's mail.
  for (const n of [1, 2]) await eventually(async () => (await register(n, 249)) === 201, 30_000);
  const address = uniqueEmail('after-restart');
  await invite(address);
  await waitForMail(address, 1, () => true, 60_000);
}, 240_000);
