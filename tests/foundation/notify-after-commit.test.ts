import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, notifyAfterCommit, type Tx } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { sql } from 'drizzle-orm';
import { ROOT } from '../support/stack';

// notifyAfterCommit (shared/src/db/wake.ts): a transaction's notification goes out once it has
// committed, from outside it — never before, never for a rollback — so no writer's commit waits
// on PostgreSQL's notification-queue lock. The outbox wakes its relay this way; no trigger does.
const database = createDatabase({
  url: loadConfig({ db: dbConfig }, { dir: ROOT }).db.url,
  poolMax: 4,
  applicationName: 'test-notify-after-commit',
  logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
});
afterAll(() => database.close());

/** Every notification on `channel` from now on, as they arrive; and a wait for the next. */
async function listen(channel: string) {
  const heard: number[] = [];
  const waiting: (() => void)[] = [];
  const listener = await database.sql.listen(channel, () => {
    heard.push(Date.now());
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    heard,
    next: () => new Promise<void>((resolve) => waiting.push(resolve)),
    stop: () => listener.unlisten(),
  };
}

const channel = (name: string) => `insightdesk_test_${name}_${process.pid}`;

// Asked for in the transaction, or in a savepoint within it: sent once the transaction commits.
const asked: [string, (tx: Tx, wake: string) => Promise<unknown>][] = [
  ['a transaction', (tx, wake) => notifyAfterCommit(tx, wake)],
  ['a savepoint', (tx, wake) => tx.transaction((savepoint) => notifyAfterCommit(savepoint, wake))],
];
for (const [where, ask] of asked)
  test(`a notification asked for in ${where} is sent once the transaction commits, not before`, async () => {
    const wake = channel(where.replace(/\W/g, '_'));
    const heard = await listen(wake);
    let beforeCommit = -1;
    const arrived = heard.next();
    await database.db.transaction(async (tx) => {
      await ask(tx, wake);
      // A round trip on another connection, and time: had it been sent already, it would be here.
      await database.db.execute(sql`select 1`);
      await tx.execute(sql`select pg_sleep(0.05)`);
      beforeCommit = heard.heard.length;
    });
    await arrived;
    expect(beforeCommit).toBe(0);
    expect(heard.heard.length).toBe(1);
    await heard.stop();
  });

test('a rolled-back transaction notifies nothing', async () => {
  const lost = channel('rollback');
  const kept = channel('kept');
  const rolledBack = await listen(lost);
  const committed = await listen(kept);
  await expect(
    database.db.transaction(async (tx) => {
      await notifyAfterCommit(tx, lost);
      throw new Error('roll back');
    }),
  ).rejects.toThrow('roll back');
  // Sent after the rollback, from the same pool: had the first gone out, it would be here first.
  const arrived = committed.next();
  await database.db.transaction((tx) => notifyAfterCommit(tx, kept));
  await arrived;
  expect(rolledBack.heard).toEqual([]);
  await rolledBack.stop();
  await committed.stop();
});

test('concurrent commits are notified, coalesced: at least once after the last of them', async () => {
  const wake = channel('many');
  const heard = await listen(wake);
  const commits: number[] = [];
  await Promise.all(
    Array.from({ length: 40 }, () =>
      database.db
        .transaction(async (tx) => {
          await notifyAfterCommit(tx, wake);
        })
        .then(() => commits.push(Date.now())),
    ),
  );
  const lastCommit = Math.max(...commits);
  while (!heard.heard.some((at) => at >= lastCommit)) await heard.next();
  expect(heard.heard.length).toBeGreaterThanOrEqual(1);
  expect(heard.heard.length).toBeLessThanOrEqual(40);
  await heard.stop();
});

test('no trigger on the outbox notifies from within the writing transaction', async () => {
  const triggers = await database.sql<{ tgname: string; def: string }[]>`
    select tgname, pg_get_triggerdef(oid) as def from pg_trigger
     where tgrelid = 'outbox'::regclass and not tgisinternal`;
  expect(triggers.filter((t) => /notify/i.test(t.def))).toEqual([]);
  const [{ count } = { count: -1 }] = await database.sql<{ count: number }[]>`
    select count(*)::int as count from pg_proc where proname = 'outbox_notify'`;
  expect(count).toBe(0);
});
