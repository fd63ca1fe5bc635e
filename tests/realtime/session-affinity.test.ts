import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { createValkey } from '@insightdesk/shared/valkey';
import type { Subprocess } from 'bun';
import { io } from 'socket.io-client';
import { type Owner, registerOwner } from '../support/api';
import { roundTrip, waitConnected } from '../support/realtime';
import { eventually, ROOT, servicePort } from '../support/stack';

// The platforms without a cookie-routing proxy, with real ws processes started here: Fly.io
// (its proxy balances every request; fly-replay sends one to a named Machine) and Railway
// (neither stickiness nor replay). Fly's proxy is stood in for by the few lines of `flyProxy`,
// which do what Fly documents: deliver, and on a `fly-replay: instance=<id>` answer deliver the
// same request again to that Machine with a `fly-replay-src` header.

const valkey = createValkey({
  url: loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey.url,
  name: 'tests',
  kind: 'command',
  logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
});
const started: Subprocess[] = [];

async function startWs(n: number, env: Record<string, string>): Promise<number> {
  const port = servicePort('ws', n);
  started.push(
    Bun.spawn([process.execPath, 'services/ws/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        INSTANCE_ID: `ws-${n}`,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdout: 'ignore',
      stderr: 'ignore',
    }),
  );
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok,
    60_000,
    200,
  );
  return port;
}

/** Fly's proxy as documented: it balances each request on its own (here: alternating). */
function flyProxy(machines: Record<string, number>, options: { honourReplay: boolean }) {
  const ids = Object.keys(machines);
  let turn = 0;
  const stats = { replays: 0 };
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    // Long-polling requests are held up to pingInterval (25 s).
    idleTimeout: 60,
    async fetch(req) {
      const url = new URL(req.url);
      const body = req.method === 'GET' ? undefined : await req.arrayBuffer();
      const headers = new Headers(req.headers);
      for (const h of ['host', 'connection', 'content-length']) headers.delete(h);
      headers.set('accept-encoding', 'identity');
      const deliver = (id: string, extra: Record<string, string> = {}) =>
        fetch(`http://127.0.0.1:${machines[id]}${url.pathname}${url.search}`, {
          method: req.method,
          headers: { ...Object.fromEntries(headers), ...extra },
          body,
          redirect: 'manual',
        });
      const first = ids[turn++ % ids.length] ?? '';
      let res = await deliver(first);
      const replay = res.headers.get('fly-replay')?.match(/(?:^|;)\s*instance=([^;\s]+)/)?.[1];
      if (replay && options.honourReplay) {
        stats.replays++;
        await res.arrayBuffer();
        res = await deliver(replay, { 'fly-replay-src': `instance=${first};t=${Date.now()}000` });
      }
      return new Response(res.body, { status: res.status, headers: res.headers });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, stats, stop: () => server.stop(true) };
}

let owner: Owner;
let fly: Record<string, number>;
let railwayPort: number;
beforeAll(async () => {
  owner = await registerOwner('Platforms');
  const [a, b, c] = await Promise.all([
    startWs(5, { FLY_MACHINE_ID: '0e286039f42e86' }),
    startWs(6, { FLY_MACHINE_ID: '3d8d9e66b10e89' }),
    startWs(7, { RAILWAY_SERVICE_ID: 'c1ba1a7a-0b6c-4f0e-9d8a-6a3f1f2b0c11' }),
  ]);
  fly = { '0e286039f42e86': a, '3d8d9e66b10e89': b };
  railwayPort = c;
}, 90_000);
afterAll(async () => {
  for (const proc of started) proc.kill('SIGTERM');
  await Promise.all(started.map((p) => p.exited));
  valkey.disconnect();
});

const pollingClient = (url: string) =>
  io(url, {
    transports: ['polling'],
    auth: { token: owner.token },
    forceNew: true,
    reconnection: false,
  });

describe('Fly.io: fly-replay to the session’s Machine', () => {
  test('a default polling client through a proxy that alternates Machines, 20 times out of 20', async () => {
    const proxy = flyProxy(fly, { honourReplay: true });
    try {
      const errors: string[] = [];
      for (let i = 0; i < 20; i++) {
        await roundTrip(pollingClient(proxy.url), owner).catch((err: Error) =>
          errors.push(err.message),
        );
      }
      expect(errors).toEqual([]);
      // About half the requests landed on the other Machine and were replayed to the owner.
      expect(proxy.stats.replays).toBeGreaterThan(10);
    } finally {
      proxy.stop();
    }
  }, 90_000);

  test('without the replay the same client fails (what the replay is for)', async () => {
    const proxy = flyProxy(fly, { honourReplay: false });
    try {
      await expect(roundTrip(pollingClient(proxy.url), owner)).rejects.toThrow();
    } finally {
      proxy.stop();
    }
  });

  test('each session names its Machine in Valkey while it lives, and only then', async () => {
    const proxy = flyProxy(fly, { honourReplay: true });
    try {
      const socket = pollingClient(proxy.url);
      await waitConnected(socket);
      const key = `insightdesk:ws:session:${socket.io.engine.id}`;
      expect(Object.keys(fly)).toContain((await valkey.get(key)) ?? '');
      expect(await valkey.ttl(key)).toBeGreaterThan(0);
      socket.disconnect();
      await eventually(async () => (await valkey.exists(key)) === 0);
    } finally {
      proxy.stop();
    }
  });

  test('a request for an unknown or malformed session is answered by the engine, never replayed', async () => {
    const port = Object.values(fly)[0];
    for (const sid of [
      'AAAAAAAAAAAAAAAAAAAA',
      'x'.repeat(500),
      '../../etc',
      '%0d%0aSet-Cookie:x',
    ]) {
      const res = await fetch(
        `http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`,
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('fly-replay')).toBeNull();
      expect(await res.json()).toEqual({ code: 1, message: 'Session ID unknown' });
    }
    // A session registered to another Machine, asked again after a replay: not replayed twice.
    await valkey.set('insightdesk:ws:session:BBBBBBBBBBBBBBBBBBBB', '3d8d9e66b10e89', 'EX', 60);
    const first = await fetch(
      `http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling&sid=BBBBBBBBBBBBBBBBBBBB`,
    );
    expect(first.headers.get('fly-replay')).toBe('instance=3d8d9e66b10e89');
    const again = await fetch(
      `http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling&sid=BBBBBBBBBBBBBBBBBBBB`,
      { headers: { 'fly-replay-src': 'instance=3d8d9e66b10e89' } },
    );
    expect(again.status).toBe(400);
    expect(again.headers.get('fly-replay')).toBeNull();
  });
});

describe('Railway: WebSocket only, enforced by the server', () => {
  test('a polling handshake is refused with the reason; a WebSocket client works', async () => {
    const res = await fetch(`http://127.0.0.1:${railwayPort}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: 0,
      message: 'Transport unknown',
      detail: expect.stringContaining('WebSocket only'),
    });
    await expect(
      roundTrip(pollingClient(`http://127.0.0.1:${railwayPort}`), owner),
    ).rejects.toThrow();
    await roundTrip(
      io(`http://127.0.0.1:${railwayPort}`, {
        transports: ['websocket'],
        auth: { token: owner.token },
        forceNew: true,
        reconnection: false,
      }),
      owner,
    );
  });
});
