import { afterEach, describe, expect, test } from 'bun:test';
import { io } from 'socket.io-client';
import { createItem, registerOwner, team } from '../support/api';
import { call } from '../support/http';
import {
  type Client,
  type ClientOptions,
  connectClient,
  type Envelope,
  record,
  request,
  subscribed,
  waitConnected,
  wsBroadcasts,
  wsSubscriptions,
} from '../support/realtime';
import { BASE_URL, CA, eventually, servicePort } from '../support/stack';

const open: Client[] = [];
/** Stream ids (`ms-seq`) in order. */
const compareIds = (a: string, b: string) => {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
};
afterEach(() => {
  for (const s of open.splice(0)) s.disconnect();
});
async function client(...args: Parameters<typeof subscribed>) {
  const c = await subscribed(...args);
  open.push(c.socket);
  return c;
}

describe('real-time delivery', () => {
  test('two clients on different ws instances, polling and WebSocket, both get item.created', async () => {
    const t = await team();
    const polling = await client(t.agent.token, t.orgId, {
      instance: 'ws-1',
      transports: ['polling'],
    });
    const websocket = await client(t.admin.token, t.orgId, {
      instance: 'ws-2',
      transports: ['websocket'],
    });
    expect(polling.socket.io.engine.transport.name).toBe('polling');
    expect(websocket.socket.io.engine.transport.name).toBe('websocket');

    const item = await createItem(t.requester, t.orgId, 'Realtime!');
    for (const c of [polling, websocket]) {
      await c.until(() => c.of('item.created').length > 0);
      const [event] = c.of('item.created');
      expect(event).toMatchObject({
        type: 'item.created',
        orgId: t.orgId,
        data: { item: { id: item.id, title: 'Realtime!' } },
      });
      expect(event?.id).toMatch(/^\d+-\d+$/);
      expect(Date.parse(event?.at ?? '')).toBeGreaterThan(0);
    }
  });

  test("requesters get what is about them only, never another member's", async () => {
    // An item's audience: staff, and its owner (tests/fixture-product/src/events.ts).
    const t = await team();
    const rita = await client(t.requester.token, t.orgId);
    const agent = await client(t.agent.token, t.orgId);
    const ritas = await createItem(t.requester, t.orgId, "Rita's");
    await createItem(t.requester2, t.orgId, "Rob's");
    await createItem(t.agent, t.orgId, 'secret staff item');
    // The agent sees all three events; by then the requester has had every chance to get hers.
    await agent.until((events) => events.length >= 3);
    await Bun.sleep(200);
    expect(agent.received.map((e) => e.data.item.title)).toEqual([
      "Rita's",
      "Rob's",
      'secret staff item',
    ]);
    expect(rita.received.map((e) => e.type)).toEqual(['item.created']);
    expect(rita.of('item.created')[0]?.data.item.id).toBe(ritas.id);
    expect(JSON.stringify(rita.received)).not.toContain('secret staff item');
  });

  test("an event for most of an instance's subscribers but not all reaches exactly those", async () => {
    // All on one instance: three staff sockets get a staff member's item, the requester's does
    // not (a broadcast to the subscribers but one, ws/src/subscriptions.ts).
    const t = await team();
    const on = { instance: 'ws-1' } as const;
    const rita = await client(t.requester.token, t.orgId, on);
    const staff = [
      await client(t.owner.token, t.orgId, on),
      await client(t.admin.token, t.orgId, on),
      await client(t.agent.token, t.orgId, on),
    ];
    const ritas = await createItem(t.requester, t.orgId, "Rita's");
    const staffOnly = await createItem(t.agent, t.orgId, 'staff only');
    for (const s of staff) await s.until((events) => events.length >= 2);
    await Bun.sleep(200);
    for (const s of staff)
      expect(s.received.map((e) => e.data.item.id)).toEqual([ritas.id, staffOnly.id]);
    expect(rita.received.map((e) => e.data.item.id)).toEqual([ritas.id]);
  });

  test("Bun's publish and Socket.IO's broadcast, taking turns, keep every socket's events whole and in order", async () => {
    // On one instance: staff clients configured the default way (long-polling, then the
    // upgrade) and WebSocket-only ones, and two requesters. While a staff client on long-polling
    // is subscribed too, every event goes through Socket.IO's broadcast; without it, Bun's
    // publish writes the staff's (the requesters never join its topic) and Socket.IO the
    // requester's own. Three phases: the paths take turns on the same sockets.
    const t = await team();
    const on = { instance: 'ws-1' } as const;
    const port = servicePort('ws', 1);
    const staff = [
      await client(t.owner.token, t.orgId, on),
      await client(t.admin.token, t.orgId, { ...on, transports: ['websocket'] }),
      await client(t.agent.token, t.orgId, on),
    ];
    const rita = await client(t.requester.token, t.orgId, on);
    const rob = await client(t.requester2.token, t.orgId, { ...on, transports: ['websocket'] });
    await eventually(
      () => [...staff, rita].every((c) => c.socket.io.engine.transport.name === 'websocket'),
      10_000,
      25,
    );
    const counts = () => Promise.all([wsBroadcasts(port, 'bun'), wsBroadcasts(port, 'socket.io')]);
    const ritas: string[] = [];
    const robs: string[] = [];
    const everyItem: string[] = [];
    const openTwo = async (phase: number) => {
      for (const [owner, list, name] of [
        [t.requester, ritas, 'Rita'],
        [t.requester2, robs, 'Rob'],
      ] as const) {
        const { id } = await createItem(owner, t.orgId, `${name} ${phase}`);
        list.push(id);
        everyItem.push(id);
      }
    };
    const before = await counts();
    let polling = await client(t.agent.token, t.orgId, { ...on, transports: ['polling'] });
    for (let i = 0; i < 2; i++) await openTwo(1);
    await polling.until((events) => events.length >= 4);
    const withPolling = await wsSubscriptions(port);
    polling.socket.disconnect();
    const afterFirst = await eventually(async () =>
      (await wsSubscriptions(port)) < withPolling ? await counts() : null,
    );
    for (let i = 0; i < 2; i++) await openTwo(2);
    for (const s of staff) await s.until((events) => events.length >= 8);
    const afterSecond = await counts();
    polling = await client(t.agent.token, t.orgId, { ...on, transports: ['polling'] });
    for (let i = 0; i < 2; i++) await openTwo(3);
    for (const s of staff) await s.until((events) => events.length >= 12);
    await rita.until((events) => events.length >= 6);
    await rob.until((events) => events.length >= 6);
    await Bun.sleep(200);
    for (const s of staff) {
      expect(s.received.map((e) => e.data.item.id)).toEqual(everyItem);
      const ids = s.received.map((e) => e.id ?? '');
      expect(ids).toEqual([...ids].sort(compareIds));
      expect(new Set(ids).size).toBe(12);
    }
    expect(rita.received.map((e) => e.data.item.id)).toEqual(ritas);
    expect(rob.received.map((e) => e.data.item.id)).toEqual(robs);
    expect(rita.received[2]).toEqual(staff[0]?.received[4] as Envelope);
    const after = await counts();
    const [bunFirst = 0, ioFirst = 0] = afterFirst ?? [];
    const [bunBefore = 0, ioBefore = 0] = before;
    const [bunSecond = 0, ioSecond = 0] = afterSecond;
    const [bunAfter = 0, ioAfter = 0] = after;
    // Other tests' events may add to the instance's counts, never take from them.
    expect(ioFirst - ioBefore).toBeGreaterThanOrEqual(4);
    expect(bunSecond - bunFirst).toBeGreaterThanOrEqual(4);
    expect(ioAfter - ioSecond).toBeGreaterThanOrEqual(4);
    expect(bunAfter).toBeGreaterThanOrEqual(bunBefore + 4);
  });

  test('a member no longer staff leaves the staff topic: what only staff see stops reaching them', async () => {
    // Membership is revalidated under an open subscription every 15 s (subscriptions.ts).
    const t = await team();
    const on = (): ClientOptions => ({ instance: 'ws-2', transports: ['websocket'] });
    const owner = await client(t.owner.token, t.orgId, on());
    const agent = await client(t.agent.token, t.orgId, on());
    // The owner's items: staff see them, a requester does not.
    const note = (title: string) => createItem(t.owner, t.orgId, title);
    await note('before');
    await agent.until((events) => events.length >= 1);
    const demoted = await call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
      method: 'PATCH',
      token: t.owner.token,
      body: { role: 'requester' },
    });
    expect(demoted.status).toBe(200);
    await Bun.sleep(16_000);
    await note('after');
    await owner.until((events) => events.length >= 2);
    await Bun.sleep(300);
    expect(agent.received.map((e) => e.data.item.title)).toEqual(['before']);
    expect(owner.of('item.created').map((e) => e.data.item.title)).toEqual(['before', 'after']);
  }, 30_000);

  test('a socket gone while its subscribe was being checked keeps no subscription', async () => {
    const ports = [servicePort('ws', 1), servicePort('ws', 2)];
    const gauges = async () => JSON.stringify(await Promise.all(ports.map(wsSubscriptions)));
    // The earlier tests' sockets were closed from the client side: the instances may still be
    // handling their disconnects. The baseline is taken once the gauges hold still for 300 ms.
    const before = await eventually(async () => {
      const first = await gauges();
      await Bun.sleep(300);
      return first === (await gauges()) ? first : null;
    });
    // Fresh accounts: their role is read from Valkey or the database, not this instance's
    // memory, and each socket's disconnect arrives while that read is under way.
    const owners = await Promise.all(Array.from({ length: 6 }, () => registerOwner()));
    for (const owner of owners) {
      const socket = connectClient({ token: owner.token, transports: ['websocket'] });
      await waitConnected(socket);
      socket.emit('subscribe', { orgId: owner.orgId }, () => undefined);
      socket.disconnect();
    }
    await Bun.sleep(1000);
    expect(await gauges()).toEqual(before);
  });

  test("another organization's user can neither subscribe nor receive", async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    const outsider = connectClient({ token: b.token });
    open.push(outsider);
    const events: unknown[] = [];
    outsider.onAny((...args) => events.push(args));
    await waitConnected(outsider);
    expect(await request(outsider, 'subscribe', { orgId: a.orgId })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await request(outsider, 'subscribe', { orgId: 'not-a-uuid' })).toEqual({
      ok: false,
      error: 'invalid_request',
    });
    const watcher = await client(a.token, a.orgId);
    await createItem(a, a.orgId);
    await watcher.until((e) => e.length > 0);
    await Bun.sleep(200);
    expect(events).toEqual([]);
  });

  test('a bad or missing token is refused with connect_error "unauthorized"', async () => {
    for (const token of [undefined, 'nope', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.']) {
      const socket = connectClient(token ? { token } : {});
      open.push(socket);
      const error = await waitConnected(socket).then(
        () => null,
        (err: Error) => err,
      );
      expect(error?.message).toBe('unauthorized');
    }
  });

  test('a client configured the default way, over WebSocket, subscribes and receives', async () => {
    const owner = await registerOwner();
    // As a client application writes it: no cookie handling, no instance pinning, nothing but
    // the token and the transport (the local CA is what any client of this stack trusts).
    const socket: Client = io(BASE_URL, {
      auth: { token: owner.token },
      transports: ['websocket'],
      ...(CA ? { ca: CA } : {}),
    });
    open.push(socket);
    const events = record(socket);
    await waitConnected(socket);
    expect(socket.io.engine.transport.name).toBe('websocket');
    const ack = await request(socket, 'subscribe', { orgId: owner.orgId });
    expect(ack.ok).toBe(true);
    const item = await createItem(owner, owner.orgId, 'Default client');
    await events.until(() => events.of('item.created').length === 1);
    expect(events.of('item.created')[0]?.data.item.id).toBe(item.id);
  });
});
