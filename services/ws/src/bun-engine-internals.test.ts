import { afterAll, expect, test } from 'bun:test';
import { testPinned } from '../../../tests/support/pinned-library';
import {
  BUN_ENGINE,
  forgetEngineRequest,
  openWebSocketOf,
  pingSweepOf,
  webSocketOf,
} from './bun-engine-internals';
import { startLoopbackEngine } from './loopback-engine';

// The contract of bun-engine-internals.ts: each internal it reaches, on the engine as installed.

testPinned(BUN_ENGINE, 'services/ws/src/bun-engine-internals.ts', import.meta.dir);

const loopback = startLoopbackEngine();
afterAll(() => loopback.stop());
const serverSide = async (transports: ('polling' | 'websocket')[]) => {
  const [client] = await loopback.connect(1, () => ({ transports, query: { probe: 'p' } }));
  if (!client) throw new Error('not connected');
  return { client, socket: loopback.serverSocket(client) };
};

test("a WebSocket transport's Bun WebSocket, open, with nothing held back", async () => {
  const { socket } = await serverSide(['websocket']);
  const webSocket = openWebSocketOf(socket);
  expect(webSocket).toBeDefined();
  expect(webSocket).toBe(webSocketOf(socket));
  expect(webSocket?.readyState).toBe(WebSocket.OPEN);
  // A Bun ServerWebSocket: it takes topics.
  webSocket?.subscribe('contract');
  expect(webSocket?.isSubscribed('contract')).toBe(true);
  expect(loopback.server.subscriberCount('contract')).toBe(1);
  webSocket?.unsubscribe('contract');
});

test('a long-polling socket has no WebSocket; what its transport cannot take yet is held back', async () => {
  const { client, socket } = await serverSide(['polling']);
  expect(openWebSocketOf(socket)).toBeUndefined();
  expect(webSocketOf(socket)).toBeUndefined();
  // A packet answers the waiting poll, if one waits; the transport then takes nothing until the
  // next poll comes, and the engine holds what is sent meanwhile in its buffer.
  const conn = socket.conn as unknown as { writeBuffer: unknown[] };
  const both = new Promise((resolve) => client.on('second', resolve));
  socket.emit('first');
  socket.emit('second');
  expect(conn.writeBuffer.length).toBeGreaterThan(0);
  await both;
  expect(conn.writeBuffer).toHaveLength(0);
});

test("the engine's request is Socket.IO's socket.request, and forgetting it keeps the socket", async () => {
  const { client, socket } = await serverSide(['websocket']);
  const request = socket.request as unknown as { url: string; headers: object; _query: object };
  expect(socket.handshake.query.probe).toBe('p');
  expect(request._query).toMatchObject({ probe: 'p', EIO: '4', transport: 'websocket' });
  expect(request.url).toContain('probe=p');
  expect(Object.keys(request.headers).length).toBeGreaterThan(0);
  const nothing = Object.freeze({});
  forgetEngineRequest(socket, nothing);
  expect(socket.request.url).toBe('');
  expect(request.headers).toBe(nothing);
  expect(request._query).toBe(nothing);
  const echoed = new Promise((resolve) => client.once('echo', resolve));
  socket.emit('echo', 'still here');
  expect(await echoed).toBe('still here');
});

test("the server's ping sweep runs while it has sockets", async () => {
  await serverSide(['websocket']);
  expect(pingSweepOf(loopback.engine)).toBeDefined();
});
