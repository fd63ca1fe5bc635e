import { describe, expect, test } from 'bun:test';
import { createItem, team } from '../support/api';
import { call, isProblem } from '../support/http';

/** A valid body for each operation, so that only the tenant check can refuse it. */
const bodies: Record<string, unknown> = {
  'post /v1/orgs/{orgId}/invitations': { email: 'x@example.test', role: 'agent' },
  'patch /v1/orgs/{orgId}/members/{userId}': { role: 'agent' },
  'post /v1/orgs/{orgId}/items': { title: 'T' },
};

describe('tenant isolation', () => {
  test("another organization's ids answer 404 on every org-scoped route, and change nothing", async () => {
    const a = await team();
    const b = await team();
    const bItem = await createItem(b.requester, b.orgId);
    const doc = (await call('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.includes('{orgId}'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path })));
    expect(operations.length).toBeGreaterThanOrEqual(12);

    const ids = { itemId: bItem.id, userId: b.agent.user.id, id: crypto.randomUUID() };
    const attempts: { label: string; status: number; problem: boolean }[] = [];
    for (const { method, path } of operations) {
      // Every identifier from the other tenant; then the caller's own org with the other tenant's object.
      const variants = [
        path.replace('{orgId}', b.orgId),
        ...(path.includes('{itemId}') || path.includes('{userId}')
          ? [path.replace('{orgId}', a.orgId)]
          : []),
      ];
      for (const variant of variants) {
        const url = `/api${variant.replace(/\{(\w+)\}/g, (_, name: keyof typeof ids) => ids[name])}`;
        const res = await call(url, {
          method: method.toUpperCase(),
          token: a.owner.token,
          headers: { 'If-Match': '"1"' },
          ...(bodies[`${method} ${path}`] ? { body: bodies[`${method} ${path}`] } : {}),
        });
        attempts.push({
          label: `${method.toUpperCase()} ${variant}`,
          status: res.status,
          problem: isProblem(res),
        });
      }
    }
    for (const attempt of attempts)
      expect(attempt).toEqual({ ...attempt, status: 404, problem: true });

    // Organization B is untouched.
    const item = await call(`/api/v1/orgs/${b.orgId}/items/${bItem.id}`, {
      token: b.owner.token,
    });
    expect(item.body).toEqual(expect.objectContaining({ id: bItem.id, title: bItem.title }));
    const members = await call(`/api/v1/orgs/${b.orgId}/members`, { token: b.owner.token });
    expect(members.body.items).toHaveLength(5);
    const list = await call(`/api/v1/orgs/${b.orgId}/items`, { token: b.owner.token });
    expect(list.body.items).toHaveLength(1);
  });
});
