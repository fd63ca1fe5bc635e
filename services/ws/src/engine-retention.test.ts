import { afterAll, expect, test } from 'bun:test';
import { Server as Engine } from '@socket.io/bun-engine';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';

// Our patch of the engine (patches/@socket.io%2Fbun-engine@0.1.2.patch): its handshake, an async
// function, registered each socket's close listener as a closure of its own, and JavaScriptCore
// keeps an async function's whole frame for its closures: the upgrade request, its URL, query and
// headers stayed as long as the socket (~3 KB a connection, bench/README.md).
const io = new Server();
const engine = new Engine({ path: '/socket.io/' });
io.bind(engine);
const handler = engine.handler();
// Every request the engine is handed, held weakly: what is still alive after a collection is
// what something keeps (counting objects of the whole process instead would count other tests').
const requests: WeakRef<Request>[] = [];
const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  ...handler,
  fetch(req, bunServer) {
    requests.push(new WeakRef(req));
    return handler.fetch(req, bunServer);
  },
});
const clients: Socket[] = [];

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await io.close();
  await server.stop(true);
});

/** The engine's requests still alive after a full collection. */
function kept(): number {
  Bun.gc(true);
  return requests.filter((ref) => ref.deref() !== undefined).length;
}

test('a connected socket keeps nothing of its upgrade request, with either transport', async () => {
  const sockets = 60;
  for (let i = 0; i < sockets; i++)
    clients.push(
      connect(`http://127.0.0.1:${server.port}`, {
        forceNew: true,
        reconnection: false,
        // Half the way our README recommends, half the client's default (polling, then upgrade).
        ...(i % 2 === 0 ? { transports: ['websocket'] } : {}),
      }),
    );
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve, reject) => {
          client.once('connect', () => resolve());
          client.once('connect_error', reject);
        }),
    ),
  );
  // The polling half upgrades after connecting: wait until every socket is on a WebSocket.
  const upgraded = () => clients.every((c) => c.io.engine.transport.name === 'websocket');
  for (let waited = 0; !upgraded() && waited < 5_000; waited += 50) await Bun.sleep(50);
  expect(upgraded()).toBe(true);
  expect(io.of('/').sockets.size).toBe(sockets);
  expect(requests.length).toBeGreaterThanOrEqual(sockets);

  // A request still being answered may be alive for a moment; one kept by its socket stays.
  // Without the patch, the 60 handshakes' requests (and their URL and headers) stayed.
  let alive = kept();
  for (let waited = 0; alive > 0 && waited < 3_000; waited += 100) {
    await Bun.sleep(100);
    alive = kept();
  }
  expect(alive).toBe(0);
}, 30_000);
