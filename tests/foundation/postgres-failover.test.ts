import { afterEach, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import postgres from 'postgres';
import { removeHaDirs, startHaCluster } from '../../tools/stack/postgres-ha/cluster';
import { createServiceDatabase } from '../../tools/stack/postgres-ha/database';
import { haLayout, urlAt } from '../../tools/stack/postgres-ha/layout';
import { serviceDataDir } from '../../tools/stack/system';
import { PASSWORD, registerOwner, uniqueEmail } from '../support/api';
import { portFree } from '../support/ports';
import { DATA, eventually, ROOT, startInstance } from '../support/stack';
import { startStandby } from '../support/standby';

// The services on a PostgreSQL that fails over (docs/deployment.md, "PostgreSQL high
// availability"). First without Patroni: an api whose database is a standby — what a connection
// to a primary that became a replica meets, or one made in the moment before a promotion ends —
// answers writes 503 with Retry-After, keeps reading, stays ready and running; once promoted, the
// same process writes again, and a command retried under its Idempotency-Key runs once. Then a
// small Patroni topology of the test's own (etcd, two nodes, synchronous replication, HAProxy):
// the primary's node killed under writes, and nothing the api acknowledged is lost.
// `./stack drill postgres` is the whole drill, under the soak's workload.

const stackDb = loadConfig({ db: dbConfig }, { dir: ROOT }).db;
/** What each test started, stopped after it (the next one starts an api on the same port). */
let cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  cleanups = [];
}, 120_000);

async function at(
  port: number,
  path: string,
  options: { token?: string; body?: unknown; key?: string } = {},
) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...(options.key ? { 'Idempotency-Key': options.key } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    // biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are the api's contract
    body: (text ? JSON.parse(text) : undefined) as any,
  };
}

const health = async (port: number) => (await at(port, '/health')).body;

describe('a database that is a standby', () => {
  test('writes answer 503 with Retry-After, reads 200, the api stays ready and running; promoted, the same process writes, and the retried command runs once', async () => {
    const owner = await registerOwner('Standby');
    const standby = await startStandby(`pg-standby-test-${process.pid}`);
    cleanups.push(() => standby.remove());
    const api = await startInstance('api', 4, { DATABASE_URL: standby.url });
    cleanups.push(() => api.stop());
    const items = `/api/v1/orgs/${owner.orgId}/items`;
    const key = `standby-${process.pid}`;
    const command = { title: `Standby ${key}: written once the standby is promoted.` };

    for (let i = 0; i < 5; i++) {
      const refused = await at(api.port, items, { token: owner.token, body: command, key });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.code).toBe('database_unavailable');
    }
    expect((await at(api.port, items, { token: owner.token })).status).toBe(200);
    expect((await at(api.port, '/health/ready')).status).toBe(200);
    const report = await health(api.port);
    expect(report.status).toBe('degraded');
    expect(report.checks.postgres.status).toBe('up');
    expect(report.checks['postgres-primary'].status).toBe('down');
    // Running still: nothing restarted it (the test started it alone).
    expect((await at(api.port, '/health/live')).status).toBe(200);

    await standby.promote();
    const created = await at(api.port, items, { token: owner.token, body: command, key });
    expect(created.status).toBe(201);
    const again = await at(api.port, items, { token: owner.token, body: command, key });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(created.body.id);
    const promoted = postgres(standby.url, { max: 1, onnotice: () => undefined });
    cleanups.push(() => promoted.end({ timeout: 1 }));
    const [row] = await promoted<{ n: number }[]>`
      select count(*)::int as n from items where title = ${command.title}`;
    expect(row?.n).toBe(1);
    await eventually(async () => (await health(api.port)).status === 'ok', 10_000, 200);
  }, 180_000);
});

/** A base port with `span` free ports above it, below the ephemeral range. */
function freeBase(span: number): number {
  for (let i = 0; i < 50; i++) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    if (Array.from({ length: span }, (_, k) => base + k).every(portFree)) return base;
  }
  throw new Error('no free ports for the topology');
}

describe('a Patroni topology through HAProxy', () => {
  test("the primary's node killed under writes: the api rides the failover, loses nothing acknowledged, answers 503 with Retry-After meanwhile; LISTEN resubscribes; no replica left is degraded, not down", async () => {
    const layout = haLayout({
      scope: `test-${process.pid}`,
      base: freeBase(32),
      nodes: 2,
      dirOf: (part) =>
        part.startsWith('pg-')
          ? serviceDataDir(`ha-test-${process.pid}-${part}`)
          : join(DATA, `ha-test-${process.pid}-${part}`),
      superuserPassword: `su-${Math.random().toString(36).slice(2)}`,
      replicationPassword: `rep-${Math.random().toString(36).slice(2)}`,
    });
    const cluster = startHaCluster(layout, (part) =>
      join(DATA, 'logs', `ha-test-${process.pid}-${part}.log`),
    );
    cleanups.push(async () => {
      await cluster.stopAll();
      removeHaDirs(layout);
    });
    const first = await cluster.waitForLeader(120_000);
    await cluster.waitForReplicas(120_000);
    const appUrl = urlAt(stackDb.url, layout.haproxy.primaryPort);
    await createServiceDatabase(
      layout,
      appUrl,
      urlAt(stackDb.ownerUrl, layout.haproxy.primaryPort),
    );
    const api = await startInstance('api', 4, {
      DATABASE_URL: appUrl,
      DATABASE_OWNER_URL: urlAt(stackDb.ownerUrl, layout.haproxy.primaryPort),
      DATABASE_REPLICA_URLS: urlAt(stackDb.url, layout.haproxy.replicaPort),
      DB_MIGRATE_ON_START: 'true',
    });
    cleanups.push(() => api.stop());
    const registered = await at(api.port, '/api/v1/auth/register', {
      body: {
        email: uniqueEmail('failover'),
        password: PASSWORD,
        name: 'Failover',
        organizationName: 'Failover org',
      },
    });
    expect(registered.status).toBe(201);
    const token: string = registered.body.tokens.accessToken;
    const items = `/api/v1/orgs/${registered.body.organization.id}/items`;

    // A LISTENer through HAProxy on the services' own client, as the outbox relay listens.
    const listener = createDatabase({
      url: appUrl,
      poolMax: 1,
      applicationName: `failover-test-${process.pid}`,
      logger: createLogger({
        service: 'test',
        instance: 'failover',
        level: 'silent',
        format: 'json',
      }),
    });
    cleanups.push(() => listener.close());
    const heard: string[] = [];
    let listens = 0;
    await listener.sql.listen(
      'failover_test',
      (payload) => heard.push(payload),
      () => listens++,
    );

    // Writers under their keys, each command retried after its Retry-After until acknowledged.
    const acknowledged: string[] = [];
    const failures: { status: number; retryAfter: string | null }[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let n = 0; writing; n++) {
        const key = `failover-${process.pid}-${w}-${n}`;
        for (;;) {
          const res = await at(api.port, items, {
            token,
            key,
            body: { title: key },
          }).catch(() => ({ status: 0, headers: new Headers(), body: undefined }));
          if (res.status === 201) {
            acknowledged.push(res.body.id);
            break;
          }
          failures.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
          await Bun.sleep(Number(res.headers.get('retry-after') ?? 0.25) * 1000);
        }
      }
    };
    const writers = [1, 2, 3].map(writer);
    await eventually(() => acknowledged.length >= 30, 30_000);

    cluster.killNode(first);
    const before = acknowledged.length;
    await cluster.waitForLeader(60_000, first);
    // The services answered again: writes acknowledged after the promotion.
    await eventually(() => acknowledged.length >= before + 30, 60_000, 100);
    writing = false;
    await Promise.all(writers);

    // Nothing acknowledged is missing on the new primary, nothing written twice.
    const check = postgres(appUrl, { max: 1, onnotice: () => undefined });
    cleanups.push(() => check.end({ timeout: 1 }));
    const [row] = await check<{ present: number; titles: number }[]>`
      select count(*)::int as present, count(distinct title)::int as titles
        from items where id = any(${acknowledged}::uuid[])`;
    expect(row).toEqual({ present: acknowledged.length, titles: acknowledged.length });
    // What failed meanwhile said it was the database's, and when to come back.
    for (const f of failures) expect(f).toEqual({ status: 503, retryAfter: '1' });
    // The same process throughout.
    expect((await at(api.port, '/health/live')).status).toBe(200);

    // The listener is back on the new primary: a notification reaches it.
    await eventually(() => listens >= 2, 30_000, 100);
    await check`select pg_notify('failover_test', 'after')`;
    await eventually(() => heard.includes('after'), 10_000, 100);

    // One node left, no replica: HAProxy's replica listener reaches the primary, which the router
    // does not count as a replica — reads go to the primary, the api is degraded and still ready.
    await eventually(
      async () => (await health(api.port)).replicas?.[0]?.state === 'primary',
      30_000,
      200,
    );
    expect((await health(api.port)).status).toBe('degraded');
    expect((await at(api.port, '/health/ready')).status).toBe(200);
    expect((await at(api.port, items, { token })).status).toBe(200);
  }, 300_000);
});
