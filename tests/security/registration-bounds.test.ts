import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { loadConfig, realtimeConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { QUEUE_PREFIX } from '@insightdesk/shared/queues';
import { streamKey } from '@insightdesk/shared/realtime';
import { createValkey } from '@insightdesk/shared/valkey';
import { createItem, registerOwner, uniqueEmail, verifyEmail } from '../support/api';
import { waitForMail } from '../support/mail';
import { connectClient, request, waitConnected } from '../support/realtime';
import { eventually, ROOT, startInstance } from '../support/stack';

// Bounded per registration: every registration makes an organization, so organizations are
// capped per address (an IPv6 /64) and day as well as per user; an idle organization's event
// stream expires (a client resuming after that gets resync: true); an organization that stops
// sending jobs leaves no fair-share state behind.

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const valkey = createValkey({
  url: loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey.url,
  name: 'tests',
  kind: 'command',
  logger,
});
const { streamIdleSeconds } = loadConfig({ realtime: realtimeConfig }, { dir: ROOT }).realtime;
const QUOTA = 3;
let api: { port: number; stop(): Promise<void> };

beforeAll(async () => {
  api = await startInstance('api', 3, { QUOTA_ORGS_PER_ADDRESS_PER_DAY: String(QUOTA) });
}, 90_000);
afterAll(async () => {
  await api?.stop();
  valkey.disconnect();
});

/** A JSON POST to the instance started here, from `address` (as nginx would report it). */
async function postFrom(address: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`http://127.0.0.1:${api.port}/api/v1${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Real-IP': address,
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: answers of several shapes
  return { status: res.status, body: (await res.json()) as any };
}

const register = (address: string) =>
  postFrom(address, '/auth/register', {
    email: uniqueEmail('bounded'),
    password: 'correct horse battery staple',
    name: 'Bounded',
    organizationName: 'Bounded org',
  });

describe('bounded per registration', () => {
  test('organizations per address per day: registrations and new organizations share the quota, an IPv6 /64 is one address', async () => {
    // A /64 of its own for this run (the quota's day outlives a test run).
    const [a, b] = [0, 0].map(() => Math.floor(Math.random() * 0xfffe));
    const net = `2001:db8:${a?.toString(16)}:${b?.toString(16)}`;
    const first = await register(`${net}::1`);
    expect(first.status).toBe(201);
    await verifyEmail(first.body.user.id);
    expect((await register(`${net}::2`)).status).toBe(201);
    const third = await postFrom(
      `${net}::3`,
      '/orgs',
      { name: 'Third' },
      first.body.tokens.accessToken,
    );
    expect(third.status).toBe(201);
    const over = [
      await register(`${net}::4`),
      await postFrom(`${net}:ffff::5`, '/orgs', { name: 'Fourth' }, first.body.tokens.accessToken),
    ];
    expect(over.map((r) => [r.status, r.body.code])).toEqual([
      [429, 'rate_limited'],
      [429, 'rate_limited'],
    ]);
    // Another /64 has its own.
    expect(
      (await register(`2001:db8:${a?.toString(16)}:${((b ?? 0) + 1).toString(16)}::1`)).status,
    ).toBe(201);
  });

  test('an idle organization’s stream expires; a client resuming after that gets resync: true', async () => {
    const owner = await registerOwner('Idle');
    await createItem(owner, owner.orgId, 'Before the silence');
    const key = streamKey(owner.orgId);
    await eventually(async () => (await valkey.exists(key)) === 1);
    const socket = connectClient({ token: owner.token });
    await waitConnected(socket);
    const first = await request(socket, 'subscribe', { orgId: owner.orgId });
    if (!first.ok) throw new Error('subscribe refused');
    const seen = first.lastEventId;
    // The stream and its byte count expire after the idle time, pushed forward by every event.
    for (const k of [key, `${key}:bytes`]) {
      const ttl = await valkey.pttl(k);
      expect(ttl).toBeGreaterThan(streamIdleSeconds * 1000 - 60_000);
      expect(ttl).toBeLessThanOrEqual(streamIdleSeconds * 1000);
    }
    // What expiry does (the test does not wait a week).
    await valkey.del(key, `${key}:bytes`, `${key}:relayed-ids`);
    expect(await request(socket, 'subscribe', { orgId: owner.orgId, since: seen })).toMatchObject({
      ok: true,
      resync: true,
    });
    // The organization speaks again: its new stream vouches for nothing before its first event.
    await createItem(owner, owner.orgId, 'After the silence');
    let latest = seen;
    for (let i = 0; i < 50 && latest === seen; i++) {
      await Bun.sleep(100);
      const [last] = (await valkey.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
      latest = last?.[0] ?? seen;
    }
    expect(latest).not.toBe(seen);
    expect(await request(socket, 'subscribe', { orgId: owner.orgId, since: seen })).toMatchObject({
      ok: true,
      resync: true,
    });
    const current = await request(socket, 'subscribe', { orgId: owner.orgId, since: latest });
    expect(current).toEqual({ ok: true, lastEventId: latest });
    socket.disconnect();
  });

  test('an organization that stops sending jobs leaves no fair-share state behind', async () => {
    const owner = await registerOwner('Quiet');
    await createItem(owner, owner.orgId, 'One mail and done');
    await waitForMail(owner.email, 1, (m) => m.template === 'item-created');
    const keys = await valkey.keys(`${QUEUE_PREFIX}:fair:*`);
    const mentions: string[] = [];
    for (const key of keys) {
      const type = await valkey.type(key);
      const members =
        type === 'hash'
          ? await valkey.hkeys(key)
          : type === 'zset'
            ? await valkey.zrange(key, 0, -1)
            : [];
      if (members.includes(owner.orgId)) mentions.push(key);
    }
    expect(mentions).toEqual([]);
  });
});
