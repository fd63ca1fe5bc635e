import { afterAll, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { OUTBOX_CHANNEL } from '@insightdesk/shared/events';
import postgres from 'postgres';
import { registerOwner } from '../support/api';
import { subscribed } from '../support/realtime';
import { eventually, ROOT } from '../support/stack';

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 2,
  onnotice: () => {},
});
afterAll(() => db.end());

test('an outbox row committed after a later one is still delivered (ids are taken at insert)', async () => {
  const owner = await registerOwner();
  const live = await subscribed(owner.token, owner.orgId);
  const deleted = (number: number) => ({
    ticketId: crypto.randomUUID(),
    number,
    requesterId: owner.user.id,
  });
  const insert = (sql: postgres.Sql, number: number) =>
    sql`insert into outbox (org_id, type, payload)
        values (${owner.orgId}, 'ticket.deleted', ${sql.json(deleted(number))})
        returning id`;

  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let earlyId = 0;
  const early = db.begin(async (tx) => {
    const [row] = await insert(tx as unknown as postgres.Sql, 1);
    earlyId = Number(row?.id);
    await held;
  });
  try {
    await eventually(() => earlyId > 0);
    const [late] = await insert(db, 2);
    // Committed (outside the held transaction): wake the relay, as recordEvents does.
    await db`select pg_notify(${OUTBOX_CHANNEL}, '')`;
    expect(Number(late?.id)).toBeGreaterThan(earlyId);
    await live.until((events) => events.some((e) => (e.data as { number: number }).number === 2));
  } finally {
    release();
    await early;
    await db`select pg_notify(${OUTBOX_CHANNEL}, '')`;
  }
  await live.until((events) => events.some((e) => (e.data as { number: number }).number === 1));
  expect(live.of('ticket.deleted').map((e) => (e.data as { number: number }).number)).toEqual([
    2, 1,
  ]);
  live.socket.disconnect();
});
