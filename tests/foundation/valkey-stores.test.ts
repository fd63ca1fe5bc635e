import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { emailQueue, QUEUE_PREFIX } from '@insightdesk/shared/queues';
import { createValkey, type Redis } from '@insightdesk/shared/valkey';
import { Job } from 'bullmq';
import { PASSWORD, uniqueEmail } from '../support/api';
import { queueClient } from '../support/queues';
import { connectInstance, type Envelope, request, waitConnected } from '../support/realtime';
import { eventually, ROOT, startInstance, startValkeyServer } from '../support/stack';

// Valkey split by store: the stack's Valkey as the queue store, a second valkey-server started
// here as the cache store, and an api, a ws and a worker told so (VALKEY_QUEUE_URL,
// VALKEY_CACHE_URL). Requests go to those instances directly, so every key of this test's user
// and organization was written by processes that run split.

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const queueUrl = loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey.url;
const N = 6;

let cacheServer: ReturnType<typeof startValkeyServer> | undefined;
let queueValkey: Redis;
let cacheValkey: Redis;
const instances: { stop(): Promise<void> }[] = [];
const ports = { api: 0, ws: 0 };

beforeAll(async () => {
  // What the cache store may run with: evicting is allowed there.
  cacheServer = startValkeyServer('valkey-cache-test', [
    '--maxmemory',
    '64mb',
    '--maxmemory-policy',
    'allkeys-lru',
  ]);
  const cacheUrl = cacheServer.url;
  queueValkey = createValkey({ url: queueUrl, name: 'tests-queue', kind: 'command', logger });
  cacheValkey = createValkey({ url: cacheUrl, name: 'tests-cache', kind: 'blocking', logger });
  await eventually(async () => (await cacheValkey.ping()) === 'PONG');
  const env = { VALKEY_URL: queueUrl, VALKEY_QUEUE_URL: queueUrl, VALKEY_CACHE_URL: cacheUrl };
  const started = await Promise.all([
    startInstance('api', N, env),
    startInstance('ws', N, env),
    startInstance('worker', N, env),
  ]);
  instances.push(...started);
  ports.api = started[0]?.port ?? 0;
  ports.ws = started[1]?.port ?? 0;
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  queueValkey?.disconnect();
  cacheValkey?.disconnect();
  await cacheServer?.stop();
});

async function api(path: string, init: { token?: string; body?: unknown; method?: string } = {}) {
  const res = await fetch(`http://127.0.0.1:${ports.api}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are the api's contract
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

async function keysMatching(valkey: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await valkey.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== '0');
  return found;
}

/** Keys only the queue store may hold. */
const QUEUE_ROLE_KEYS = [
  `${QUEUE_PREFIX}:*`,
  'insightdesk:events:*',
  'insightdesk:presence:*',
  'insightdesk:ws:*',
  'insightdesk:heartbeat:*',
];

describe('Valkey stores (VALKEY_QUEUE_URL, VALKEY_CACHE_URL)', () => {
  test('an item made through split instances: its job runs, its event arrives, each key in its store’s Valkey', async () => {
    const registered = await api('/auth/register', {
      body: {
        email: uniqueEmail('split'),
        password: PASSWORD,
        name: 'Split',
        organizationName: 'Split org',
      },
    });
    expect(registered.status).toBe(201);
    const token: string = registered.body.tokens.accessToken;
    const userId: string = registered.body.user.id;
    const orgId: string = registered.body.organization.id;

    const socket = connectInstance(ports.ws, token);
    const received: Envelope[] = [];
    socket.onAny((type: string, envelope: Envelope) => received.push({ ...envelope, type }));
    const email = queueClient(emailQueue);
    try {
      await waitConnected(socket);
      expect((await request(socket, 'subscribe', { orgId })).ok).toBe(true);

      const created = await api(`/orgs/${orgId}/items`, {
        token,
        body: { title: 'Split stores: queue here, cache there.' },
      });
      expect(created.status).toBe(201);
      const itemId: string = created.body.id;
      // Read twice: the second is served from the cache (written to the cache store).
      for (let i = 0; i < 2; i++) expect((await api(`/orgs/${orgId}`, { token })).status).toBe(200);

      // The real-time event, through the stream and relay channel of the queue store.
      await eventually(
        () => received.some((e) => e.type === 'item.created' && e.data?.item?.id === itemId),
        20_000,
        50,
      );
      // Its job, on the queue store, runs to completion.
      const job = await eventually(
        async () => Job.fromId(email.queue, `item-created-${itemId}`),
        20_000,
      );
      await eventually(async () => (await job.getState()) === 'completed', 30_000, 100);

      // The cache store: the cache and rate-limit counters of this user and organization …
      const cacheKeys = [
        ...(await keysMatching(cacheValkey, `*${userId}*`)),
        ...(await keysMatching(cacheValkey, `*${orgId}*`)),
      ];
      expect(cacheKeys.some((k) => k.startsWith('{insightdesk:cache}:'))).toBe(true);
      // The user's API budget: a field of the window's hash (user-budget.ts), synced every 10 ms.
      const window = Math.floor(Date.now() / 60_000);
      const budgets = [window - 1, window].map((w) => `{insightdesk:rl:user}:${w}`);
      const counted = async (client: Redis) =>
        (await Promise.all(budgets.map((b) => client.hexists(b, userId)))).includes(1);
      await eventually(() => counted(cacheValkey));
      expect(cacheKeys.filter((k) => !/^(\{insightdesk:cache\}:|insightdesk:rl:)/.test(k))).toEqual(
        [],
      );
      // … and nothing of the queue store's, of anyone.
      for (const pattern of QUEUE_ROLE_KEYS)
        expect(await keysMatching(cacheValkey, pattern)).toEqual([]);

      // The queue store: this organization's stream, the job, the user's sockets; no cache entry
      // and no counter of this user or organization.
      expect(await queueValkey.exists(`insightdesk:events:{${orgId}}`)).toBe(1);
      expect(await queueValkey.exists(`${QUEUE_PREFIX}:email:item-created-${itemId}`)).toBe(1);
      const queueKeys = [
        ...(await keysMatching(queueValkey, `*${userId}*`)),
        ...(await keysMatching(queueValkey, `*${orgId}*`)),
      ];
      expect(queueKeys.filter((k) => /^(\{insightdesk:cache\}:|insightdesk:rl:)/.test(k))).toEqual(
        [],
      );
      expect(await counted(queueValkey)).toBe(false);
    } finally {
      socket.disconnect();
      await email.close();
    }
  }, 90_000);

  test('each process opens its queue-store connections on the queue Valkey only; one URL, no extra client', async () => {
    const names = async (valkey: Redis) =>
      String(await valkey.client('LIST'))
        .split('\n')
        .map((line) => line.match(/ name=(\S*)/)?.[1] ?? '')
        .filter(Boolean);
    const onCache = await names(cacheValkey);
    for (const service of ['api', 'ws', 'worker'])
      expect(onCache).toContain(`${service}-${N}:command:cache`);
    // BullMQ's, the adapter's, the relay channel's connections: never on the cache store.
    expect(onCache.filter((n) => /:(queues|adapter-pub|adapter-sub|relay)$/.test(n))).toEqual([]);
    expect(onCache.filter((n) => n.includes(QUEUE_PREFIX))).toEqual([]);

    const onQueue = await names(queueValkey);
    expect(onQueue).toContain(`api-${N}:queues`);
    expect(onQueue).toContain(`ws-${N}:adapter-pub`);
    expect(onQueue.filter((n) => n.startsWith(`api-${N}:`) && n.endsWith(':cache'))).toEqual([]);
    // The stack's own instances run with one URL: one command client each, no cache twin.
    expect(onQueue).toContain('api-1:command');
    expect(onQueue.filter((n) => n.startsWith('api-1:command:'))).toEqual([]);
  });
});
