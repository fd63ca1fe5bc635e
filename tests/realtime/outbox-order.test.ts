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
  // The fixture product's event, its title numbering the rows.
  const created = (number: number) => ({
    item: {
      id: crypto.randomUUID(),
      orgId: owner.orgId,
      ownerId: owner.user.id,
      title: String(number),
      createdAt: new Date().toISOString(),
      stampedAt: null,
    },
  });
  const numberOf = (e: { data: unknown }) =>
    Number((e.data as { item: { title: string } }).item.title);
  const insert = (sql: postgres.Sql, number: number) =>
    sql`insert into outbox (org_id, type, payload)
        values (${owner.orgId}, 'item.created', ${sql.json(created(number))})
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
    await live.until((events) => events.some((e) => numberOf(e) === 2));
  } finally {
    release();
    await early;
    await db`select pg_notify(${OUTBOX_CHANNEL}, '')`;
  }
  await live.until((events) => events.some((e) => numberOf(e) === 1));
  expect(live.of('item.created').map(numberOf)).toEqual([2, 1]);
  live.socket.disconnect();
});
