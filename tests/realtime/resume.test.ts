import { afterAll, expect, test } from 'bun:test';
import { createItem, team } from '../support/api';
import { connectClient, type Envelope, record, request, waitConnected } from '../support/realtime';
import { eventually, processInfo, stack } from '../support/stack';

afterAll(async () => {
  await stack('start', 'ws-1');
});

test('after ws-1 stops, its clients resume on ws-2 with `since`: every missed event, in order, none twice', async () => {
  const t = await team();
  // The client as the README shows it: remember the last id, resubscribe with it on every connect.
  const socket = connectClient({
    token: t.agent.token,
    instance: 'ws-1',
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
  });
  const { received } = record(socket);
  let lastId: string | undefined;
  let subscriptions = 0;
  socket.onAny((_type: string, envelope: Envelope) => {
    if (envelope?.id) lastId = envelope.id;
  });
  socket.on('connect', async () => {
    const ack = await request(socket, 'subscribe', {
      orgId: t.orgId,
      ...(lastId ? { since: lastId } : {}),
    });
    if (ack.ok) subscriptions += 1;
  });
  await waitConnected(socket);
  await eventually(() => subscriptions === 1);

  const created: string[] = [];
  for (let i = 0; i < 3; i++)
    created.push((await createItem(t.requester, t.orgId, `before ${i}`)).id);
  await eventually(() => received.length === 3);

  const stopping = stack('stop', 'ws-1');
  // Changes keep coming while the instance goes away and the client moves.
  for (let i = 0; i < 5; i++) {
    created.push((await createItem(t.requester, t.orgId, `during ${i}`)).id);
    await Bun.sleep(60);
  }
  await stopping;
  expect((await processInfo('ws-1')).state).toBe('stopped');
  for (let i = 0; i < 2; i++)
    created.push((await createItem(t.requester, t.orgId, `after ${i}`)).id);

  await eventually(() => received.length >= created.length, 20_000);
  await Bun.sleep(300);
  expect(subscriptions).toBeGreaterThanOrEqual(2);
  const items = received.filter((e) => e.type === 'item.created');
  expect(items.map((e) => e.data.item.id)).toEqual(created);
  const ids = items.map((e) => e.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  const order = ids.map((id) => id.split('-').map(BigInt) as [bigint, bigint]);
  for (let i = 1; i < order.length; i++) {
    const [a, b] = [order[i - 1] as [bigint, bigint], order[i] as [bigint, bigint]];
    expect(a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])).toBe(true);
  }
  socket.disconnect();
}, 60_000);
