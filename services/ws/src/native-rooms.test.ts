import { afterEach, expect, test } from 'bun:test';
import type { Socket } from 'socket.io-client';
import { startLoopbackEngine } from './loopback-engine';
import { createNativeRooms } from './native-rooms';
import type { WsSocket } from './types';

const TOPIC = 'subscribers:org:staff';
let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

/** A bare Socket.IO server on our engine, its sockets kept by id, and native rooms on it. */
function start(enabled = true) {
  const loopback = startLoopbackEngine();
  stop = loopback.stop;
  const rooms = createNativeRooms({ enabled });
  rooms.serve(loopback.server);
  const sockets = new Map<string, WsSocket>();
  loopback.io.on('connection', (socket) => sockets.set(socket.id, socket));
  const serverSide = (client: Socket) => sockets.get(client.id ?? '') as WsSocket;
  return { loopback, rooms, serverSide, nsp: loopback.io.of('/') };
}

function received(client: Socket) {
  const events: unknown[] = [];
  client.on('e', (payload) => events.push(payload));
  return events;
}

/** Waits until `events` holds `count` (or 3 s went by), then a moment for any more to arrive. */
async function settled(events: readonly unknown[], count: number) {
  for (let waited = 0; events.length < count && waited < 3000; waited += 20) await Bun.sleep(20);
  await Bun.sleep(50);
}

test("a topic whose members are all on WebSocket is written by Bun's publish, as Socket.IO would", async () => {
  const { loopback, rooms, serverSide, nsp } = start();
  const [client] = await loopback.connect(1, () => ({ transports: ['websocket'] }));
  if (!client) throw new Error('no client');
  const events = received(client);
  expect(rooms.join(serverSide(client), TOPIC)).toBe(true);
  const payload = { id: '1-0', data: { text: 'é ✓ "quoted"', list: [1, null, true] } };
  expect(rooms.publish(nsp, TOPIC, 1, 'e', payload)).toBe(true);
  await settled(events, 1);
  expect(events).toEqual([payload]);
  // What a member's count does not match (a member not joined, or one gone) is left to Socket.IO.
  expect(rooms.publish(nsp, TOPIC, 2, 'e', payload)).toBe(false);
  rooms.leave(serverSide(client), TOPIC);
  expect(rooms.publish(nsp, TOPIC, 1, 'e', payload)).toBe(false);
  await Bun.sleep(100); // what a wrong publish would send arrives within it, on loopback
  expect(events).toHaveLength(1);
});

test("a socket's own emits and the topic's publishes reach it in the order they were made", async () => {
  const { loopback, rooms, serverSide, nsp } = start();
  const [client] = await loopback.connect(1, () => ({ transports: ['websocket'] }));
  if (!client) throw new Error('no client');
  const events = received(client);
  const socket = serverSide(client);
  expect(rooms.join(socket, TOPIC)).toBe(true);
  for (let i = 0; i < 300; i++) {
    if (i % 3 === 0) socket.emit('e', i);
    else expect(rooms.publish(nsp, TOPIC, 1, 'e', i)).toBe(true);
  }
  await settled(events, 300);
  expect(events).toEqual(Array.from({ length: 300 }, (_, i) => i));
});

test('a client configured the default way joins once upgraded; on long-polling it is left to Socket.IO', async () => {
  const { loopback, rooms, serverSide, nsp } = start();
  const [polling] = await loopback.connect(1, () => ({ transports: ['polling'] }));
  const [upgrading] = await loopback.connect(1, () => ({ transports: ['polling', 'websocket'] }));
  if (!polling || !upgrading) throw new Error('no client');
  expect(rooms.join(serverSide(polling), TOPIC)).toBe(false);
  for (let waited = 0; upgrading.io.engine.transport.name !== 'websocket'; waited += 25) {
    if (waited > 5000) throw new Error('no upgrade');
    await Bun.sleep(25);
  }
  await Bun.sleep(50);
  expect(rooms.join(serverSide(upgrading), TOPIC)).toBe(true);
  // One of the two members has no WebSocket: nothing is published.
  const events = [received(polling), received(upgrading)];
  expect(rooms.publish(nsp, TOPIC, 2, 'e', 'x')).toBe(false);
  polling.disconnect();
  for (let waited = 0; nsp.sockets.size > 1 && waited < 3000; waited += 25) await Bun.sleep(25);
  expect(rooms.publish(nsp, TOPIC, 1, 'e', 'y')).toBe(true);
  await settled(events[1] ?? [], 1);
  expect(events).toEqual([[], ['y']]);
});

test('binary payloads and a disabled setting take Socket.IO', async () => {
  const enabled = start();
  const [client] = await enabled.loopback.connect(1, () => ({ transports: ['websocket'] }));
  if (!client) throw new Error('no client');
  expect(enabled.rooms.join(enabled.serverSide(client), TOPIC)).toBe(true);
  expect(enabled.rooms.publish(enabled.nsp, TOPIC, 1, 'e', { file: Buffer.from('x') })).toBe(false);
  await stop?.();
  const disabled = start(false);
  const [other] = await disabled.loopback.connect(1, () => ({ transports: ['websocket'] }));
  if (!other) throw new Error('no client');
  expect(disabled.rooms.join(disabled.serverSide(other), TOPIC)).toBe(false);
  expect(disabled.rooms.publish(disabled.nsp, TOPIC, 0, 'e', 'x')).toBe(false);
});
