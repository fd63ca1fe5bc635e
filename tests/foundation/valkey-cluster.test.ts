import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { emailQueue, QUEUE_PREFIX } from '@insightdesk/shared/queues';
import { createValkey, type Redis } from '@insightdesk/shared/valkey';
import { Job, Queue } from 'bullmq';
import { superuser } from '../../tools/stack/pg-superuser';
import { PASSWORD, uniqueEmail } from '../support/api';
import { type Mail, waitForMail } from '../support/mail';
import { connectInstance, type Envelope, request, waitConnected } from '../support/realtime';
import { eventually, ports, ROOT, startInstance, startValkeyServer } from '../support/stack';

// Valkey Cluster. Redis 7 in cluster mode with one node owning all 16,384 slots enforces what a
// real cluster enforces on keys — CROSSSLOT for a multi-key command, a MULTI or a script's
// declared keys in different slots, and (for `#!lua` scripts) no reaching into another slot's
// undeclared keys — while a plain client works against it, as no key is ever elsewhere (MOVED).
// An api, a ws and a worker run on it and every path that sends a script or several keys at once
// is driven through them. They get their own database: the stack's workers relay the stack's
// outbox to the stack's Valkey, and this worker's relay must be the one relaying here.

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const N = 9;
const MACHINE = 'clustertest';
const appDb = new URL(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url);
const database = `insightdesk_cluster_${process.pid}`;

let server: ReturnType<typeof startValkeyServer> | undefined;
let valkey: Redis;
let emails: Queue | undefined;
const instances: { stop(): Promise<void> }[] = [];
const at = { api: 0, ws: 0 };
/** What the server answered the test itself before the instances started: the rules it enforces. */
const enforced: string[] = [];

const refusal = (run: () => Promise<unknown>) =>
  run().then(
    () => 'accepted',
    (err: Error) => err.message,
  );

beforeAll(async () => {
  server = startValkeyServer('valkey-cluster-test', [
    '--cluster-enabled',
    'yes',
    '--cluster-config-file',
    'nodes.conf',
  ]);
  valkey = createValkey({ url: server.url, name: 'tests-cluster', kind: 'blocking', logger });
  await eventually(async () => (await valkey.ping()) === 'PONG');
  await valkey.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
  await eventually(async () => String(await valkey.call('CLUSTER', 'INFO')).includes('state:ok'));

  enforced.push(
    await refusal(() => valkey.mset('{a}:one', '1', '{b}:two', '2')),
    await refusal(() => valkey.multi().set('{a}:one', '1').set('{b}:two', '2').exec()),
    await refusal(() => valkey.eval('return 1', 2, '{a}:one', '{b}:two')),
    await refusal(() => valkey.eval("#!lua\nreturn redis.call('GET', '{b}:two')", 1, '{a}:one')),
  );
  // Those refusals were ours: from here on the server counts only the instances' errors.
  await valkey.call('CONFIG', 'RESETSTAT');

  const admin = superuser(ports.pgPort);
  try {
    await admin.unsafe(
      `create database "${database}" owner "${decodeURIComponent(appDb.username)}"`,
    );
  } finally {
    await admin.end();
  }
  const url = server.url;
  const env = {
    VALKEY_URL: url,
    VALKEY_QUEUE_URL: url,
    VALKEY_CACHE_URL: url,
    DATABASE_URL: Object.assign(new URL(appDb), { pathname: `/${database}` }).toString(),
    // Fair share (its scripts) instead of FIFO.
    FEATURE_FAIR_QUEUES_ENABLED: 'true',
    // Low enough to be reached: failed logins of one account from one address.
    RATE_LIMIT_LOGIN_PER_ACCOUNT_AND_ADDRESS: '2',
  };
  // The api migrates the new database; the others start once it has.
  const api = await startInstance('api', N, { ...env, DB_MIGRATE_ON_START: 'true' });
  instances.push(api);
  const started = await Promise.all([
    // The session registry of fly-replay affinity is kept in Valkey too.
    startInstance('ws', N, { ...env, WS_SESSION_AFFINITY: 'fly-replay', FLY_MACHINE_ID: MACHINE }),
    startInstance('worker', N, env),
  ]);
  instances.push(...started);
  at.api = api.port;
  at.ws = started[0]?.port ?? 0;
  emails = new Queue(emailQueue.name, { connection: valkey, prefix: QUEUE_PREFIX });
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  await emails?.close();
  valkey?.disconnect();
  await server?.stop();
  const admin = superuser(ports.pgPort);
  try {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
  } finally {
    await admin.end();
  }
});

async function api(
  path: string,
  init: { token?: string; body?: unknown; method?: string; address?: string } = {},
) {
  const res = await fetch(`http://127.0.0.1:${at.api}/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      'Content-Type': 'application/json',
      ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
      // The client address the api counts logins by (CLIENT_IP_HEADER, X-Real-IP by default).
      ...(init.address ? { 'X-Real-IP': init.address } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are the api's contract
  return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
}

function connect(token: string) {
  const socket = connectInstance(at.ws, token);
  const received: Envelope[] = [];
  socket.onAny((type: string, envelope: Envelope) => received.push({ ...envelope, type }));
  const arrived = (type: string, match: (e: Envelope) => boolean) =>
    eventually(() => received.some((e) => e.type === type && match(e)), 20_000, 25);
  return { socket, received, arrived };
}

/** The token of the link a mail carries (`…/<path>?token=…`). */
const linkToken = (mail: Mail | undefined, path: string) =>
  decodeURIComponent(mail?.text.match(new RegExp(`${path}\\?token=(\\S+)`))?.[1] ?? '');

/** A job of the email queue, once it ran to completion; its priority is its fair-share tag. */
async function completed(jobId: string) {
  const queue = emails as Queue;
  const job = await eventually(async () => Job.fromId(queue, jobId), 20_000).catch((err) => {
    throw new Error(`job ${jobId} was never added (${err.message})`);
  });
  await eventually(async () => (await job.getState()) === 'completed', 30_000, 100);
  return job;
}

describe('Valkey Cluster (one node, every slot)', () => {
  test('the server enforces the cluster’s key rules', () => {
    expect(enforced).toEqual([
      expect.stringContaining('CROSSSLOT'),
      expect.stringContaining('CROSSSLOT'),
      expect.stringContaining('CROSSSLOT'),
      expect.stringContaining('do not hash to the same slot'),
    ]);
  });

  test('register, mail, invite, an item, its events and jobs, cache, limits, fair share, logout everywhere', async () => {
    // Registration (rate limited per address): the verification mail is a job of its own.
    const ownerEmail = uniqueEmail('cluster-owner');
    const registered = await api('/auth/register', {
      body: { email: ownerEmail, password: PASSWORD, name: 'Olga', organizationName: 'Slots' },
    });
    expect(registered.status).toBe(201);
    const orgId: string = registered.body.organization.id;
    const ownerToken: string = registered.body.tokens.accessToken;
    const [verification] = await waitForMail(ownerEmail, 1, (m) => m.template === 'verify-email');
    expect(
      (
        await api('/auth/verify-email', {
          body: { token: linkToken(verification, '/verify-email') },
        })
      ).status,
    ).toBe(204);

    const owner = connect(ownerToken);
    try {
      // A socket (counted per user by a script, its session registered for fly-replay).
      await waitConnected(owner.socket);
      expect((await request(owner.socket, 'subscribe', { orgId })).ok).toBe(true);
      expect(await valkey.exists(`insightdesk:ws:session:${owner.socket.io.engine.id}`)).toBe(1);

      // The cache: the organization read twice (computed once under the cross-instance lock),
      // the member list kept under the organization's members tag.
      for (let i = 0; i < 2; i++)
        expect((await api(`/orgs/${orgId}`, { token: ownerToken })).status).toBe(200);
      const before = await api(`/orgs/${orgId}/members`, { token: ownerToken });
      expect(before.body.items).toHaveLength(1);

      // An invitation: its mail is urgent (ahead of every fair-share tag); accepting it
      // invalidates the members tag (every key under it deleted at once).
      const agentEmail = uniqueEmail('cluster-agent');
      const invited = await api(`/orgs/${orgId}/invitations`, {
        token: ownerToken,
        body: { email: agentEmail, role: 'agent' },
      });
      expect(invited.status).toBe(201);
      const [invitation] = await waitForMail(agentEmail, 1, (m) => m.template === 'invitation');
      const accepted = await api('/invitations/accept', {
        body: {
          token: linkToken(invitation, '/invitations/accept'),
          name: 'Arno',
          password: PASSWORD,
        },
      });
      expect(accepted.status).toBe(200);
      const agentToken: string = accepted.body.tokens.accessToken;
      const after = await api(`/orgs/${orgId}/members`, { token: ownerToken });
      expect(after.body.items.map((m: { user: { email: string } }) => m.user.email).sort()).toEqual(
        [agentEmail, ownerEmail].sort(),
      );

      // An item (the fixture product's): the relay appends it to the organization's stream (a
      // script that also publishes it), the ws instance delivers it, and its mail job gets a
      // fair-share tag and goes out.
      const item = await api(`/orgs/${orgId}/items`, {
        token: ownerToken,
        body: { title: 'Slot machine: every key in its slot.' },
      });
      expect(item.status).toBe(201);
      const itemId: string = item.body.id;
      await owner.arrived('item.created', (e) => e.data?.item?.id === itemId);
      const createdJob = await completed(`item-created-${itemId}`);
      expect(createdJob.opts.priority ?? 0).toBeGreaterThan(1);
      await waitForMail(ownerEmail, 1, (m) => m.template === 'item-created');
      // Its own queue's job, stamped once it ran.
      await eventually(
        async () =>
          (await api(`/orgs/${orgId}/items/${itemId}`, { token: agentToken })).body.stampedAt,
        30_000,
      );

      // The login throttle: two wrong passwords from one address, the third try is refused;
      // the right one from another address gets in (its counters reset, the address recorded).
      const login = (password: string, address: string) =>
        api('/auth/login', { body: { email: agentEmail, password }, address });
      expect((await login('wrong password', '198.51.100.7')).status).toBe(401);
      expect((await login('wrong password', '198.51.100.7')).status).toBe(401);
      expect((await login(PASSWORD, '198.51.100.7')).status).toBe(429);
      expect((await login(PASSWORD, '198.51.100.8')).status).toBe(200);

      // Log out everywhere: the session epoch moves on, the cached one is dropped on every
      // instance, the socket is disconnected and the token refused.
      const disconnected = new Promise<void>((resolve) =>
        owner.socket.once('disconnect', () => resolve()),
      );
      expect((await api('/me/sessions', { token: ownerToken, method: 'DELETE' })).status).toBe(204);
      await disconnected;
      const refused = await api(`/orgs/${orgId}`, { token: ownerToken });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('session_revoked');
    } finally {
      owner.socket.disconnect();
    }
  }, 90_000);

  // Its own test: it reports what the server refused even when the journey above failed.
  test('the server answered none of the instances’ commands with an error (CROSSSLOT above all)', async () => {
    const errors = String(await valkey.info('errorstats'))
      .split(/\r?\n/)
      .filter((line) => line.startsWith('errorstat_'));
    expect(errors).toEqual([]);
  });
});
