import { afterAll, expect, test } from 'bun:test';
import { aliveAfterCollection, startLoopbackEngine } from './loopback-engine';

// Our patch of the engine (patches/@socket.io%2Fbun-engine@0.1.2.patch): its handshake, an async
// function, registered each socket's close listener as a closure of its own, and JavaScriptCore
// keeps an async function's whole frame for its closures: the upgrade request, its URL, query and
// headers stayed as long as the socket (~3 KB a connection, bench/README.md).
// Every request the engine is handed, held weakly: what is still alive after a collection is
// what something keeps (counting objects of the whole process instead would count other tests').
const requests: WeakRef<Request>[] = [];
const loopback = startLoopbackEngine((req) => requests.push(new WeakRef(req)));
afterAll(() => loopback.stop());

test('a connected socket keeps nothing of its upgrade request, with either transport', async () => {
  const sockets = 60;
  const clients = await loopback.connect(sockets);
  // The polling half upgrades after connecting: wait until every socket is on a WebSocket.
  const upgraded = () => clients.every((c) => c.io.engine.transport.name === 'websocket');
  for (let waited = 0; !upgraded() && waited < 5_000; waited += 50) await Bun.sleep(50);
  expect(upgraded()).toBe(true);
  expect(loopback.io.of('/').sockets.size).toBe(sockets);
  expect(requests.length).toBeGreaterThanOrEqual(sockets);

  // Without the patch, the 60 handshakes' requests (and their URL and headers) stayed.
  expect(await aliveAfterCollection(requests)).toBe(0);
}, 30_000);
