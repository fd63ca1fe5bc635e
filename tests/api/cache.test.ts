import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createCache } from '@insightdesk/shared/cache';
import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { FULL_REACH } from '@insightdesk/shared/shapes';
import { createMemberships, enterOrg, type Role, roleLadder } from '@insightdesk/shared/tenancy';
import { createValkey, waitReady } from '@insightdesk/shared/valkey';
import { addMember, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually, ROOT, servicePort } from '../support/stack';

const { url } = loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey;
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const connections = [0, 1, 2, 3].map((i) =>
  createValkey({ url, name: `cache-test-${i}`, kind: i % 2 ? 'blocking' : 'command', logger }),
);
beforeAll(async () => {
  // Commands fail fast while a connection is not up (the cache then fails open, uncoordinated).
  await Promise.all(connections.map((c) => waitReady(c, 5000)));
});
afterAll(() => {
  for (const c of connections) c.disconnect();
});
const connection = (i: number) => {
  const c = connections[i];
  if (!c) throw new Error(`no connection ${i}`);
  return c;
};
/** Two caches as two instances would have them: each its own connections and near cache. */
const [a, b] = [0, 2].map((i) =>
  createCache(connection(i), logger, {
    prefix: 'insightdesk:cache-test:',
    near: { subscriber: connection(i + 1), ttlMs: 10_000, maxEntries: 1000 },
  }),
);

describe('cache', () => {
  test('memoize: concurrent misses on two instances compute once; per-value TTL', async () => {
    if (!a || !b) throw new Error('caches');
    const key = `single-flight-${crypto.randomUUID()}`;
    let computed = 0;
    const compute = async () => {
      computed++;
      await Bun.sleep(150);
      return { answer: 42 };
    };
    const options = { ttlSeconds: (v: { answer: number }) => (v.answer ? 60 : 1) };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).memoize(key, compute, options)),
    );
    expect(computed).toBe(1);
    expect(results.every((r) => r.answer === 42)).toBe(true);
    expect(a.stats().computations + b.stats().computations).toBe(1);
    const ttl = await connections[0]?.ttl(`insightdesk:cache-test:${key}`);
    expect(ttl).toBeGreaterThan(50);
  });

  test('tags: invalidating one drops its keys on every instance, not the others', async () => {
    if (!a || !b) throw new Error('caches');
    const tag = `tag-${crypto.randomUUID()}`;
    await a.setMany(
      [
        { key: `${tag}-1`, value: 1 },
        { key: `${tag}-2`, value: 2 },
      ],
      60,
      { tags: [tag] },
    );
    await b.set(`${tag}-other`, 3, 60);
    expect(await b.getMany([`${tag}-1`, `${tag}-2`, `${tag}-other`])).toEqual([1, 2, 3]);
    await a.invalidateTags(tag);
    await eventually(async () => (await b.get(`${tag}-1`)) === undefined);
    expect(await b.getMany([`${tag}-1`, `${tag}-2`, `${tag}-other`])).toEqual([
      undefined,
      undefined,
      3,
    ]);
  });

  test('a tag of thousands of keys is dropped whole, in slices, on every instance', async () => {
    if (!a || !b) throw new Error('caches');
    const tag = `big-${crypto.randomUUID()}`;
    const keys = Array.from({ length: 2500 }, (_, i) => `${tag}-${i}`);
    await a.setMany(
      keys.map((key, i) => ({ key, value: i })),
      60,
      { tags: [tag] },
    );
    expect((await b.getMany(keys)).filter((v) => v !== undefined)).toHaveLength(2500);
    await a.invalidateTags(tag);
    await eventually(async () => (await b.get(keys[2499] ?? '')) === undefined);
    expect((await b.getMany(keys)).filter((v) => v !== undefined)).toEqual([]);
    expect((await a.getMany(keys)).filter((v) => v !== undefined)).toEqual([]);
  });

  test('a role held in an instance is answered at once; a change on another is never answered from it', async () => {
    if (!a || !b) throw new Error('caches');
    const [orgId, userId] = [crypto.randomUUID(), crypto.randomUUID()];
    let role: Role | null = 'agent';
    let lookups = 0;
    const lookup = {
      role: async () => {
        lookups++;
        return role;
      },
      ssoRequired: async () => false,
    };
    // The roles of the product the stack runs.
    const roles = roleLadder([
      { name: 'agent', sees: 'organization', about: '' },
      { name: 'requester', sees: 'own', about: '' },
    ]);
    const [onA, onB] = [createMemberships(lookup, a, roles), createMemberships(lookup, b, roles)];
    const caller = { userId, reach: FULL_REACH };
    // Read once (the table's owner), then held: the request's check goes on without a promise.
    const first = onA.roleOf(orgId, userId);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toBe('agent');
    expect(onA.roleOf(orgId, userId)).toBe('agent');
    expect(await enterOrg(onA, caller, orgId, 'agent')).toMatchObject({ orgId, role: 'agent' });
    expect(enterOrg(onA, caller, orgId, 'agent')).not.toBeInstanceOf(Promise);
    expect(() => enterOrg(onA, caller, orgId, 'admin')).toThrow(/admin role/);
    expect(lookups).toBe(1);
    // Removed on the other instance: this one forgets it and reads again, never answers the old role.
    role = null;
    await onB.invalidate(orgId, userId);
    await eventually(async () => a.peek(`membership:${orgId}:${userId}`) === undefined);
    const after = onA.roleOf(orgId, userId);
    expect(after).toBeInstanceOf(Promise);
    expect(await after).toBeNull();
    expect(lookups).toBe(2);
    expect(onA.roleOf(orgId, userId)).toBeNull();
  });

  test('the member list is cached on each api instance and invalidated on both at once', async () => {
    const owner = await registerOwner('Cached');
    const agent = await addMember(owner, 'agent');
    const members = (n: number) =>
      fetch(`http://127.0.0.1:${servicePort('api', n)}/api/v1/orgs/${owner.orgId}/members`, {
        headers: { Authorization: `Bearer ${owner.token}` },
      }).then((r) => r.json() as Promise<{ items: { user: { id: string }; role: string }[] }>);
    const roleOf = async (n: number) =>
      (await members(n)).items.find((m) => m.user.id === agent.user.id)?.role;
    // Read (and cached) on both instances.
    expect([await roleOf(1), await roleOf(2)]).toEqual(['agent', 'agent']);
    const changed = await call(`/api/v1/orgs/${owner.orgId}/members/${agent.user.id}`, {
      method: 'PATCH',
      token: owner.token,
      body: { role: 'admin' },
    });
    expect(changed.status).toBe(200);
    expect([await roleOf(1), await roleOf(2)]).toEqual(['admin', 'admin']);

    // Pages after a cursor (the client's to choose) are answered, not cached: the tag's set of
    // keys holds the first page only, however many cursors are sent.
    for (let i = 0; i < 20; i++) {
      const cursor = Buffer.from(
        JSON.stringify([new Date(2020, 0, 1 + i).toISOString(), crypto.randomUUID()]),
      ).toString('base64url');
      const page = await call(`/api/v1/orgs/${owner.orgId}/members?cursor=${cursor}`, {
        token: owner.token,
      });
      expect(page.status).toBe(200);
    }
    const tagged = await connection(0).smembers(
      `{insightdesk:cache}:tag:org:${owner.orgId}:members`,
    );
    expect(tagged).toEqual([`org:${owner.orgId}:members:25:`]);
  });

  test('hit, miss and size statistics are on /metrics', async () => {
    const owner = await registerOwner('Stats');
    for (let i = 0; i < 3; i++) await call(`/api/v1/orgs/${owner.orgId}`, { token: owner.token });
    const metrics = await Promise.all(
      [1, 2].map(async (n) =>
        (await fetch(`http://127.0.0.1:${servicePort('api', n)}/metrics`)).text(),
      ),
    );
    const all = metrics.join('\n');
    for (const outcome of ['near', 'hit', 'miss'])
      expect(all).toMatch(
        new RegExp(`cache_lookups_total\\{[^}]*outcome="${outcome}"[^}]*\\} \\d+`),
      );
    expect(all).toMatch(/cache_computations_total\{[^}]*\} [1-9]/);
    expect(all).toContain('cache_near_entries');
  });
});
