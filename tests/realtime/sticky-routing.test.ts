import { beforeAll, describe, expect, test } from 'bun:test';
import { request as httpsRequest } from 'node:https';
import { isIPv6 } from 'node:net';
import { io } from 'socket.io-client';
import { hostHasIpv6 } from '../../tools/stack/system';
import { type Owner, registerOwner } from '../support/api';
import { type Client, roundTrip } from '../support/realtime';
import { BASE_URL, loopbackOptions, processInfo } from '../support/stack';

// Clients as a stranger writes them: no `withCredentials`, so no cookie on polling requests (the
// sticky cookie nginx prefers is never sent back); nginx must keep them on one instance anyway.

let owner: Owner;
beforeAll(async () => {
  owner = await registerOwner('Sticky');
  // The point is two instances behind nginx: both must be up.
  for (const name of ['ws-1', 'ws-2']) expect((await processInfo(name)).ready).toBe(true);
});

/** `attempts` fresh clients made by `make`; the errors of those that failed. */
async function attempts(
  count: number,
  make: () => Client,
  settled: (socket: Client) => boolean = () => true,
): Promise<string[]> {
  const errors: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      await roundTrip(make(), owner, settled);
    } catch (err) {
      errors.push(String((err as Error).message));
    }
  }
  return errors;
}

describe('sticky routing through nginx for clients that send no cookies', () => {
  test('a default polling client connects, subscribes and receives events, 20 times out of 20', async () => {
    const errors = await attempts(20, () =>
      io(BASE_URL, { transports: ['polling'], auth: { token: owner.token }, forceNew: true }),
    );
    expect(errors).toEqual([]);
  }, 60_000);

  test('a default client (polling, then the upgrade) and a WebSocket-only client, 10 times each', async () => {
    // The upgrade request carries the session id too: it must reach the session's instance.
    const errors = await attempts(
      10,
      () => io(BASE_URL, { auth: { token: owner.token }, forceNew: true }),
      (socket) => socket.io.engine.transport.name === 'websocket',
    );
    expect(errors).toEqual([]);
    expect(
      await attempts(10, () =>
        io(BASE_URL, {
          transports: ['websocket'],
          auth: { token: owner.token },
          forceNew: true,
        }),
      ),
    ).toEqual([]);
  }, 60_000);

  test('the fallback keeps each client address on one instance, and spreads addresses over both', async () => {
    // Raw handshakes from several loopback addresses (nginx sees each as a client); the
    // instance that answered names itself in the sticky cookie.
    const answeredBy = (localAddress: string, cookie?: string) =>
      new Promise<string>((resolve, reject) => {
        const url = new URL('/socket.io/?EIO=4&transport=polling', BASE_URL);
        const target = loopbackOptions(url, isIPv6(localAddress) ? 6 : 4);
        const req = httpsRequest(
          {
            ...target,
            localAddress,
            headers: { ...target.headers, ...(cookie ? { cookie } : {}) },
            agent: false,
          },
          (res) => {
            res.resume();
            const set = String(res.headers['set-cookie'] ?? '');
            const instance = set.match(/insightdesk_ws=([^;]+)/)?.[1];
            if (res.statusCode === 200 && instance) resolve(instance);
            else reject(new Error(`handshake answered ${res.statusCode} ${set}`));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const byAddress = new Map<string, Set<string>>();
    for (let n = 2; n < 26; n++) {
      const address = `127.0.0.${n}`;
      const seen = new Set<string>();
      for (let i = 0; i < 3; i++) seen.add(await answeredBy(address));
      byAddress.set(address, seen);
    }
    // Every address always reached the same instance...
    expect([...byAddress.values()].every((seen) => seen.size === 1)).toBe(true);
    // ...and the addresses are spread over both (24 addresses: all on one would be a broken hash).
    const instances = new Set([...byAddress.values()].flatMap((seen) => [...seen]));
    expect([...instances].sort()).toEqual(['ws-1', 'ws-2']);
    // The cookie, when sent, wins over the address.
    const [address, seen] = [...byAddress.entries()][0] ?? ['', new Set<string>()];
    const other = [...seen][0] === 'ws-1' ? 'ws-2' : 'ws-1';
    expect(await answeredBy(address, `insightdesk_ws=${other}`)).toBe(other);
    // The loopback's two families are one client (`localhost` may be either, connection by
    // connection): ::1 lands where 127.0.0.1 does.
    if (hostHasIpv6()) {
      const v4 = await answeredBy('127.0.0.1');
      expect([await answeredBy('::1'), await answeredBy('::1')]).toEqual([v4, v4]);
    }
  }, 60_000);
});
