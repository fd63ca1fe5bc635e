import { afterAll, expect, test } from 'bun:test';
import { testPinned } from '../../../tests/support/pinned-library';
import { CompactMap } from './compact';
import { startLoopbackEngine } from './loopback-engine';
import {
  clientCollectionsOf,
  compactClient,
  SOCKET_IO,
  socketsOnConnection,
} from './socket-io-internals';

// The contract of socket-io-internals.ts: Socket.IO's Client keeps the sockets of one engine
// connection in `sockets` and their namespaces in `nsps`, and works through CompactMaps in their
// place (multiplexed namespaces, emits, a server-side disconnect that closes the connection).

testPinned(SOCKET_IO, 'services/ws/src/socket-io-internals.ts', import.meta.dir);

const loopback = startLoopbackEngine();
afterAll(() => loopback.stop());

test("the client's Maps of its sockets and namespaces, as CompactMaps", async () => {
  const [client] = await loopback.connect(1, () => ({ transports: ['websocket'] }));
  if (!client) throw new Error('not connected');
  const socket = loopback.serverSocket(client);
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
  loopback.io.of('/second');
  const second = client.io.socket('/second');
  await new Promise<void>((resolve) => second.once('connect', () => resolve()));
  expect(socketsOnConnection(socket)).toBe(2);
  expect(clientCollectionsOf(socket).nsps.has('/second')).toBe(true);
  const echoed = new Promise((resolve) => second.once('echo', resolve));
  loopback.serverSocket(second, '/second').emit('echo', 'on the second');
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
