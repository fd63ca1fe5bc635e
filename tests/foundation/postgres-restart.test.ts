import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { PASSWORD, uniqueEmail } from '../support/api';
import { invite } from '../support/deliveries';
import { callInstance } from '../support/http';
import { waitForMail } from '../support/mail';
import {
  eventually,
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
// patch of it (patches/postgres@3.4.9.patch) rejects that query instead. And once PostgreSQL is
// back, no pooled connection fails a later request: 3.4.9 kept the farewell (57P01) of a backend
// ended under a statement and replayed it onto the connection's next query, however much later
// (the patch forgets it; tests/foundation/postgres-restart-pool.test.ts shows it on a bare pool),
// and let a dead transaction's ROLLBACK reach its connection while it reconnected, after which
// the connection's answers fell out of step with its queries: a request waited forever.

afterAll(async () => {
  if ((await processInfo('postgres')).state !== 'running') await stack('start', 'postgres');
}, 180_000);

const { url: DATABASE_URL, poolMax } = loadConfig({ db: dbConfig }, { dir: ROOT }).db;
const APIS = [1, 2];
/** This run's client addresses: a run right after another meets no registration budget. */
const RUN = Math.floor(Math.random() * 250);

/** Registrations straight to api-n, each from its own client address (no budget in the way). */
async function register(n: number, i: number): Promise<number> {
  const res = await callInstance(n, '/api/v1/auth/register', {
    headers: { 'X-Real-IP': `10.${20 + n}.${RUN}.${i % 250}` },
    body: {
      email: uniqueEmail('pgrestart'),
      password: PASSWORD,
      name: 'Restart',
      organizationName: 'Restart org',
    },
  }).catch(() => undefined);
  return res?.status ?? 0;
}

/**
 * Holds the outbox locked until `release()`: each registration (its transaction records an
 * event) then waits inside its transaction, holding one of its api's pooled connections.
 */
function lockOutbox(): { release: () => Promise<void> } {
  const locker = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  let unlock = () => {};
  const held = new Promise<void>((resolve) => {
    unlock = resolve;
  });
  const locked = locker
    .begin(async (tx) => {
      await tx`lock table outbox in exclusive mode`;
      await held;
    })
    .catch(() => undefined);
  return {
    async release() {
      unlock();
      await locked;
      await locker.end({ timeout: 1 });
    },
  };
}

/** Registrations waiting on the outbox's lock, each on a connection of its own. */
async function waitingOnOutbox(observer: postgres.Sql): Promise<number> {
  const [row] = await observer<{ n: number }[]>`
    select count(*)::int as n from pg_stat_activity
     where wait_event_type = 'Lock' and query ilike '%outbox%'`;
  return row?.n ?? 0;
}

/**
 * More registrations at once than each api instance has pooled connections, with the outbox
 * locked: resolves once each pooled connection holds a registration's transaction, or as soon as
 * one registration is answered (it cannot succeed under the lock: a 500, or a 4xx).
 */
async function registerOnEveryConnection(
  observer: postgres.Sql,
  from: number,
): Promise<Promise<number>[]> {
  let answered = 0;
  const requests = APIS.flatMap((n) =>
    Array.from({ length: poolMax + 2 }, (_, i) =>
      register(n, from + i).finally(() => {
        answered++;
      }),
    ),
  );
  await eventually(
    async () => answered > 0 || (await waitingOnOutbox(observer)) >= APIS.length * poolMax,
    90_000,
    250,
  );
  return requests;
}

test('a PostgreSQL restart with transactions in flight leaves every api and worker process running, and they serve again', async () => {
  const before = (await stackStatus()).processes.filter((p) => SERVICE_INSTANCE.test(p.name));
  expect(before.filter((p) => /^(api|worker)-/.test(p.name)).length).toBeGreaterThanOrEqual(2);

  // Transactions in flight when PostgreSQL stops, for certain, on every pooled connection of each
  // api instance, and more queued: the outbox is locked, so each registration (its transaction
  // records an event) and the workers' relay (it claims outbox rows) wait inside their
  // transactions until the fast shutdown ends them.
  const observer = postgres(DATABASE_URL, { max: 1, onnotice: () => {} });
  const lock = lockOutbox();
  // Released whatever happens: a lock left held would stop every later test's writes.
  const requests = await registerOnEveryConnection(observer, 0).catch(async (err) => {
    await lock.release();
    throw err;
  });

  await stack('stop', 'postgres');
  await stack('start', 'postgres');
  // Answered, with an error: nothing hangs.
  expect((await Promise.all(requests)).every((s) => s >= 500 || s === 201)).toBe(true);
  await lock.release();
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

  // PostgreSQL is back: every pooled connection of each api instance serves its next request —
  // the outbox locked again, so that each registration holds a connection of its own until all
  // are in use. One that kept its old backend's farewell fails at once (a 500), before the lock
  // is released; the others wait for it.
  const again = lockOutbox();
  const everyConnection = await registerOnEveryConnection(observer, 100).finally(() =>
    again.release(),
  );
  expect(await Promise.all(everyConnection)).toEqual(everyConnection.map(() => 201));
  await observer.end({ timeout: 1 });

  // A worker sends an invitation's mail.
  const address = uniqueEmail('after-restart');
  await invite(address);
  await waitForMail(address, 1, () => true, 60_000);
}, 300_000);
