import { afterAll, expect, test } from 'bun:test';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { emailQueue } from '@insightdesk/shared/queues';
import { compareEventIds } from '@insightdesk/shared/realtime/ids';
import { EPOCH_KEY } from '@insightdesk/shared/valkey';
import postgres from 'postgres';
import { registerOwner, uniqueEmail } from '../support/api';
import { invite } from '../support/deliveries';
import { call } from '../support/http';
import { waitForMail } from '../support/mail';
import { queueClient } from '../support/queues';
import { connectClient, record, request, subscribed, waitConnected } from '../support/realtime';
import { DATA, eventually, ROOT, restoreValkey, stack } from '../support/stack';

// Valkey is recoverable, PostgreSQL is the truth (docs/background-work.md, "When Valkey loses its
// data"): jobs recorded before the loss run afterwards, once; streams start a new epoch and a
// client resuming from before it is told to resync, never left with a silent gap.

const email = queueClient(emailQueue);
const sql = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});

afterAll(async () => {
  await sql.end();
  await email.queue.resume().catch(() => undefined);
  await email.close();
  await restoreValkey();
});

/** The epoch's recovery has run: the workers found the loss and re-drove the outbox. */
// A recovery re-drives every relayed row the outbox holds (newest first): on a database the
// suite has filled, that takes a while on a loaded machine.
const recovered = () =>
  eventually(
    async () => String(await email.connection.get(EPOCH_KEY)).startsWith('done '),
    300_000,
    500,
  );

test('FLUSHALL: a mail queued and lost is re-driven from the outbox and sent once; streams resync', async () => {
  await recovered();
  // Jobs wait in a paused queue: the loss takes them (and the pause) with it.
  await email.queue.pause();
  const address = uniqueEmail('lost');
  const { owner, jobId } = await invite(address);
  await eventually(async () => (await email.queue.getJob(jobId)) !== undefined);

  const live = await subscribed(owner.token, owner.orgId);
  const before = await call(`/api/v1/orgs/${owner.orgId}/items`, {
    token: owner.token,
    body: { title: 'Before the loss' },
  });
  expect(before.status).toBe(201);
  await live.until((all) => all.some((e) => e.type === 'item.created'));
  const seen = live.received.at(-1)?.id ?? '';

  await email.connection.flushall();
  expect(await email.queue.getJob(jobId)).toBeUndefined();

  // Re-driven: the invitation's mail job is back, the queue is no longer paused, the mail goes out once.
  await waitForMail(address, 1, () => true, 120_000);
  await Bun.sleep(1500);
  expect(await waitForMail(address)).toHaveLength(1);

  // A live subscriber got what follows the loss, with ids newer than any before it.
  const after = await call(`/api/v1/orgs/${owner.orgId}/items`, {
    token: owner.token,
    body: { title: 'After the loss' },
  });
  expect(after.status).toBe(201);
  await live.until((all) =>
    all.some((e) => e.type === 'item.created' && e.data.item.id === after.body.id),
  );
  const newest = live.of('item.created').at(-1)?.id ?? '';
  expect(compareEventIds(newest, seen)).toBeGreaterThan(0);
  live.socket.disconnect();

  // Resuming from before the loss: the new stream cannot vouch for the gap, so resync.
  const resumed = connectClient({ token: owner.token });
  await waitConnected(resumed);
  const ack = await request(resumed, 'subscribe', { orgId: owner.orgId, since: seen });
  expect(ack).toMatchObject({ ok: true, resync: true });
  resumed.disconnect();
}, 600_000);

test('a restart without persistence: connected subscribers are told to resync, and jobs are re-driven', async () => {
  await recovered();
  await email.queue.pause();
  const address = uniqueEmail('wiped');
  const { owner, jobId } = await invite(address);
  await eventually(async () => (await email.queue.getJob(jobId)) !== undefined);
  const live = await subscribed(owner.token, owner.orgId);
  const told = record(live.socket);
  const resyncs: { orgId: string; lastEventId: string }[] = [];
  live.socket.on('subscription.resync', (info) => resyncs.push(info));
  await call(`/api/v1/orgs/${owner.orgId}/items`, {
    token: owner.token,
    body: { title: 'Before the wipe' },
  });
  await live.until((all) => all.some((e) => e.type === 'item.created'));

  await stack('stop', 'valkey');
  for (const name of readdirSync(join(DATA, 'valkey')))
    rmSync(join(DATA, 'valkey', name), { recursive: true, force: true });
  await restoreValkey();

  // The ws instance came back to an empty stream: its subscriber hears about the gap.
  await eventually(() => resyncs.some((r) => r.orgId === owner.orgId), 20_000);
  await waitForMail(address, 1, () => true, 120_000);
  await Bun.sleep(1500);
  expect(await waitForMail(address)).toHaveLength(1);
  // Still subscribed: what follows arrives live.
  const after = await call(`/api/v1/orgs/${owner.orgId}/items`, {
    token: owner.token,
    body: { title: 'After the wipe' },
  });
  await told.until((all) =>
    all.some((e) => e.type === 'item.created' && e.data.item.id === after.body.id),
  );
  live.socket.disconnect();
}, 600_000);

test('a change appended again after the loss reaches no subscriber twice, on any ws instance', async () => {
  await recovered();
  const owner = await registerOwner('Twice');
  const onFirst = await subscribed(owner.token, owner.orgId, { instance: 'ws-1' });
  const clients = [onFirst, await subscribed(owner.token, owner.orgId, { instance: 'ws-2' })];
  const items = `/api/v1/orgs/${owner.orgId}/items`;
  const created = (client: (typeof clients)[number], itemId: string) =>
    client.of('item.created').filter((e) => e.data.item.id === itemId);
  const first = await call(items, { token: owner.token, body: { title: 'Once' } });
  expect(first.status).toBe(201);
  for (const client of clients) await client.until(() => created(client, first.body.id).length > 0);
  const firstId = created(onFirst, first.body.id)[0]?.id ?? '';

  // What the relay leaves when it is killed between its append and its commit, with Valkey's
  // data (the record of the append) lost meanwhile: the row is not marked relayed.
  await email.connection.flushall();
  const [row] = await sql<{ id: string }[]>`
    update outbox set relayed_at = null
     where org_id = ${owner.orgId} and type = 'item.created'
       and payload->'item'->>'id' = ${first.body.id}
    returning id`;
  if (!row) throw new Error('the first item has no outbox row');
  const next = await call(items, { token: owner.token, body: { title: 'Next' } });
  expect(next.status).toBe(201);
  for (const client of clients) await client.until(() => created(client, next.body.id).length > 0);

  // The relay appended the change again, under a new id, and published it…
  const stream = await email.connection.xrange(`insightdesk:events:{${owner.orgId}}`, '-', '+');
  const copy = stream.find(([, fields]) => fields[fields.indexOf('o') + 1] === String(row.id));
  expect(copy).toBeDefined();
  expect(compareEventIds(copy?.[0] ?? '0-0', firstId)).toBeGreaterThan(0);
  // …and neither instance handed it to a subscriber that had it.
  await Bun.sleep(500);
  for (const client of clients) {
    expect(created(client, first.body.id).map((e) => e.id)).toEqual([firstId]);
    client.socket.disconnect();
  }
}, 600_000);
