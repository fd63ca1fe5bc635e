import { afterAll, expect, test } from 'bun:test';
import { expectPinned } from '../../../tests/support/pinned-library';
import { CompactMap } from './compact';
import { startLoopbackEngine } from './loopback-engine';
import {
  clientCollectionsOf,
  compactClient,
  SOCKET_IO,
  socketsOnConnection,
} from './socket-io-internals';
import type { WsSocket } from './types';

// The contract of socket-io-internals.ts: Socket.IO's Client keeps the sockets of one engine
// connection in `sockets` and their namespaces in `nsps`, and works through CompactMaps in their
// place (multiplexed namespaces, emits, a server-side disconnect that closes the connection).

test('the installed socket.io is the version the adapter was written for', () => {
  expectPinned(SOCKET_IO, 'services/ws/src/socket-io-internals.ts', import.meta.dir);
});

const loopback = startLoopbackEngine();
afterAll(() => loopback.stop());
const connected: WsSocket[] = [];
loopback.io.on('connection', (socket) => connected.push(socket));
loopback.io.of('/second').on('connection', (socket) => connected.push(socket as WsSocket));

test("the client's Maps of its sockets and namespaces, as CompactMaps", async () => {
  const [client] = await loopback.connect(1, () => ({ transports: ['websocket'] }));
  const [socket] = connected;
  if (!client || !socket) throw new Error('not connected');
  const before = clientCollectionsOf(socket);
  expect(before.sockets).toBeInstanceOf(Map);
  expect(before.sockets.get(socket.id)).toBe(socket);
  expect(before.nsps.get('/')).toBe(socket);
  expect(socketsOnConnection(socket)).toBe(1);

  compactClient(socket);
  const after = clientCollectionsOf(socket);
  expect(after.sockets).toBeInstanceOf(CompactMap);
  expect(after.nsps).toBeInstanceOf(CompactMap);
  expect(after.sockets.get(socket.id)).toBe(socket);

  // A second namespace on the same engine connection is added to the same (compact) collections.
  const second = client.io.socket('/second');
  await new Promise<void>((resolve) => second.once('connect', () => resolve()));
  expect(socketsOnConnection(socket)).toBe(2);
  expect(clientCollectionsOf(socket).nsps.has('/second')).toBe(true);
  const echoed = new Promise((resolve) => second.once('echo', resolve));
  connected[1]?.emit('echo', 'on the second');
  expect(await echoed).toBe('on the second');

  // Leaving a namespace removes it; the server's disconnect closes the connection through them.
  second.disconnect();
  for (let waited = 0; socketsOnConnection(socket) > 1 && waited < 3_000; waited += 25)
    await Bun.sleep(25);
  expect(socketsOnConnection(socket)).toBe(1);
  expect(clientCollectionsOf(socket).nsps.has('/second')).toBe(false);
  socket.disconnect(true);
  for (let waited = 0; client.connected && waited < 3_000; waited += 25) await Bun.sleep(25);
  expect(client.connected).toBe(false);
  expect(socketsOnConnection(socket)).toBe(0);
}, 15_000);
