import { afterEach, beforeAll, describe, expect, test } from 'bun:test';
import type { Socket } from 'socket.io-client';
import { registerOwner } from '../support/api';
import { connectClient, waitConnected, wsConnections } from '../support/realtime';
import { eventually, servicePort } from '../support/stack';

const open: Socket[] = [];
let token = '';
beforeAll(async () => {
  token = (await registerOwner()).token;
});
afterEach(() => {
  for (const s of open.splice(0)) s.disconnect();
});
const track = (s: Socket) => {
  open.push(s);
  return s;
};

describe('Socket.IO through nginx with two ws instances', () => {
  test('long-polling sessions work on both instances (sticky routing)', async () => {
    const before = [
      await wsConnections(servicePort('ws', 1)),
      await wsConnections(servicePort('ws', 2)),
    ];
    // Half of them carry each instance's sticky cookie (a cookie-less client's instance follows
    // its address: tests/realtime/sticky-routing.test.ts).
    const clients = Array.from({ length: 8 }, (_, i) =>
      track(connectClient({ token, transports: ['polling'], instance: i % 2 ? 'ws-1' : 'ws-2' })),
    );
    await Promise.all(clients.map((c) => waitConnected(c)));
    // Several polling round trips later every session is still alive on its own instance.
    await Bun.sleep(1500);
    expect(clients.every((c) => c.connected && c.io.engine.transport.name === 'polling')).toBe(
      true,
    );
    const after = [
      await wsConnections(servicePort('ws', 1)),
      await wsConnections(servicePort('ws', 2)),
    ];
    expect((after[0] ?? 0) - (before[0] ?? 0)).toBeGreaterThan(0);
    expect((after[1] ?? 0) - (before[1] ?? 0)).toBeGreaterThan(0);
  });

  test('a WebSocket-only client connects', async () => {
    const client = track(connectClient({ token, transports: ['websocket'] }));
    await waitConnected(client);
    expect(client.io.engine.transport.name).toBe('websocket');
  });

  test('the default client starts with polling and upgrades to WebSocket', async () => {
    const client = track(connectClient({ token }));
    await waitConnected(client);
    await eventually(() => client.io.engine.transport.name === 'websocket', 5000);
  });
});
