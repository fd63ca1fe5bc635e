import { afterAll, expect, test } from 'bun:test';
import { Server as Engine } from '@socket.io/bun-engine';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { forgetHandshake } from './handshake';
import type { WsServer, WsSocket } from './types';

const io: WsServer = new Server();
const engine = new Engine({ path: '/socket.io/' });
io.bind(engine);
const server = Bun.serve({ hostname: '127.0.0.1', port: 0, ...engine.handler() });
const clients: Socket[] = [];

afterAll(async () => {
  for (const client of clients) client.disconnect();
  await io.close();
  await server.stop(true);
});

// What the handshake held, by weak reference: alive after a collection means something kept it.
const held: WeakRef<object>[] = [];
const seen: {
  before: { token: unknown; probe: unknown; address: string; issued: number };
  after: WsSocket['handshake'];
}[] = [];
io.on('connection', (socket) => {
  const { auth, query, address, issued } = socket.handshake;
  const before = { token: auth.token, probe: query.probe, address, issued };
  held.push(new WeakRef(socket.handshake.headers), new WeakRef(socket.handshake.auth));
  forgetHandshake(socket);
  seen.push({ before, after: socket.handshake });
});

test("a connected socket keeps neither its token nor its request's headers, URL or query", async () => {
  const sockets = 20;
  for (let i = 0; i < sockets; i++)
    clients.push(
      connect(`http://127.0.0.1:${server.port}`, {
        forceNew: true,
        reconnection: false,
        auth: { token: `token-${i}` },
        query: { probe: String(i) },
        extraHeaders: { 'X-Probe': String(i) },
        // Half WebSocket only, half the client's default (polling, then the upgrade).
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
  expect(seen).toHaveLength(sockets);
  for (const { before, after } of seen) {
    // It was there while the socket connected…
    expect(before.token).toMatch(/^token-/);
    expect(before.probe).toBeDefined();
    // …and is gone once it is in; what is left is what a log line or a limit may still use.
    expect(after.auth).toEqual({});
    expect(after.headers).toEqual({});
    expect(after.query).toEqual({});
    expect(after.url).toBe('');
    expect(after.address).toBe(before.address);
    expect(after.issued).toBe(before.issued);
  }
  for (const socket of io.of('/').sockets.values()) {
    expect(socket.request.headers).toEqual({});
    expect(socket.request.url).toBe('');
  }
  // Nothing else (the engine's copy of the request among them) keeps the headers or the token.
  const alive = () => {
    Bun.gc(true);
    return held.filter((ref) => ref.deref() !== undefined).length;
  };
  let kept = alive();
  for (let waited = 0; kept > 0 && waited < 3_000; waited += 100) {
    await Bun.sleep(100);
    kept = alive();
  }
  expect(kept).toBe(0);
  // Still connected and usable.
  expect(clients.every((client) => client.connected)).toBe(true);
}, 30_000);
