import { heapStats } from 'bun:jsc';
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
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, ...engine.handler() });
const clients: Socket[] = [];

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await io.close();
  await server.stop(true);
});

/** Live objects of a type after a full collection. */
function live(type: string): number {
  Bun.gc(true);
  return heapStats().objectTypeCounts[type] ?? 0;
}

test('a connected socket keeps nothing of its upgrade request, with either transport', async () => {
  const before = { requests: live('Request'), urls: live('URL'), headers: live('Headers') };
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

  // Without the patch each of these grew by one per socket at least.
  expect(live('Request') - before.requests).toBeLessThan(sockets / 4);
  expect(live('URL') - before.urls).toBeLessThan(sockets / 4);
  expect(live('Headers') - before.headers).toBeLessThan(sockets / 4);
}, 30_000);
