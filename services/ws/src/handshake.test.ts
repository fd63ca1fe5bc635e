import { afterAll, expect, test } from 'bun:test';
import { forgetHandshake } from './handshake';
import { aliveAfterCollection, startLoopbackEngine } from './loopback-engine';
import type { WsSocket } from './types';

const loopback = startLoopbackEngine();
afterAll(() => loopback.stop());

// What the handshake held, by weak reference: alive after a collection means something kept it.
const held: WeakRef<object>[] = [];
const seen: {
  before: { token: unknown; probe: unknown; address: string; issued: number };
  after: WsSocket['handshake'];
}[] = [];
loopback.io.on('connection', (socket) => {
  const { auth, query, address, issued } = socket.handshake;
  const before = { token: auth.token, probe: query.probe, address, issued };
  held.push(new WeakRef(socket.handshake.headers), new WeakRef(socket.handshake.auth));
  forgetHandshake(socket);
  seen.push({ before, after: socket.handshake });
});

test("a connected socket keeps neither its token nor its request's headers, URL or query", async () => {
  const sockets = 20;
  const clients = await loopback.connect(sockets, (i) => ({
    auth: { token: `token-${i}` },
    query: { probe: String(i) },
    extraHeaders: { 'X-Probe': String(i) },
  }));
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
  for (const socket of loopback.io.of('/').sockets.values()) {
    expect(socket.request.headers).toEqual({});
    expect(socket.request.url).toBe('');
  }
  // Nothing else (the engine's copy of the request among them) keeps the headers or the token.
  expect(await aliveAfterCollection(held)).toBe(0);
  // Still connected and usable.
  expect(clients.every((client) => client.connected)).toBe(true);
}, 30_000);
