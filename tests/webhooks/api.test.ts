import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Account, addMember, type Owner, PASSWORD, registerOwner } from '../support/api';
import { call, isProblem } from '../support/http';
import { eventually } from '../support/stack';
import { createWebhook, deliveries, recordEvents, sql, startReceiver } from '../support/webhooks';

// The endpoints' routes: admins only, re-authentication for what redirects events or shows a
// secret, hostile input refused with a problem and nothing changed, another tenant's ids 404.
let owner: Owner;
let agent: Account;
let stranger: Owner;
const receiver = startReceiver((n) =>
  n === 0 ? new Response('no', { status: 500 }) : new Response('ok'),
);
const base = () => `/api/v1/orgs/${owner.orgId}/webhooks`;

beforeAll(async () => {
  owner = await registerOwner('Admin');
  stranger = await registerOwner('Stranger');
  agent = await addMember(owner, 'agent');
});
afterAll(() => receiver.stop());

const countEndpoints = async (orgId: string) =>
  (
    await sql<
      { n: number }[]
    >`select count(*)::int as n from webhook_endpoints where org_id = ${orgId}`
  )[0]?.n;

describe('webhook endpoints', () => {
  test('create answers the secret once (no-store); lists and reads never show it', async () => {
    const res = await call(base(), {
      token: owner.token,
      headers: { 'Idempotency-Key': `hook-${Date.now()}` },
      body: {
        url: receiver.url,
        eventTypes: ['member.joined'],
        description: 'CRM sync',
        currentPassword: PASSWORD,
      },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ url: receiver.url, description: 'CRM sync', enabled: true });
    const secret = res.body.secret as string;
    // Not kept by Idempotency-Key either: no stored answer carries it.
    const stored =
      await sql`select 1 from idempotency_keys where response_body like ${`%${secret.slice(6, 26)}%`}`;
    expect(stored).toHaveLength(0);
    const list = await call(`${base()}?limit=100`, { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(res.body.id);
    expect(list.text).not.toContain('whsec_');
    const one = await call(`${base()}/${res.body.id}`, { token: owner.token });
    expect(one.text).not.toContain('whsec_');
    const types = await call(`${base()}/event-types`, { token: owner.token });
    expect(types.body.items).toContain('member.joined');
    expect(types.body.items).not.toContain('invitation.created');
    // The audit log's acts are event types too, and the creation is one of its rows (no secret).
    expect(types.body.items).toContain('audit.webhook.created');
    const audit = await call(`/api/v1/orgs/${owner.orgId}/audit-log?action=webhook.created`, {
      token: owner.token,
    });
    expect(audit.status).toBe(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'webhook.created',
      target: { type: 'webhook', id: res.body.id },
      change: { description: 'CRM sync', eventTypes: ['member.joined'] },
    });
    expect(audit.text).not.toContain('whsec_');
    expect(audit.text).not.toContain(PASSWORD);
  });

  test('needs the current password: missing 400, wrong 403; nothing created', async () => {
    const before = await countEndpoints(owner.orgId);
    const body = { url: receiver.url, eventTypes: ['member.joined'] };
    const missing = await call(base(), { token: owner.token, body });
    expect(missing.status).toBe(400);
    const wrong = await call(base(), {
      token: owner.token,
      body: { ...body, currentPassword: 'not it at all' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('wrong_password');
    expect(isProblem(wrong)).toBe(true);
    expect(await countEndpoints(owner.orgId)).toBe(before);
  });

  test('hostile input: unknown event types, oversized and malformed fields, extra keys → 400, nothing stored', async () => {
    const before = await countEndpoints(owner.orgId);
    const good = { url: receiver.url, eventTypes: ['member.joined'], currentPassword: PASSWORD };
    for (const body of [
      { ...good, eventTypes: ['nope.nothing'] },
      { ...good, eventTypes: ['invitation.created'] },
      { ...good, eventTypes: [] },
      { ...good, eventTypes: Array(201).fill('member.joined') },
      { ...good, url: `https://example.com/${'a'.repeat(2100)}` },
      { ...good, description: 'd'.repeat(501) },
      { ...good, url: 42 },
      { ...good, secret: 'whsec_mine' },
      { ...good, enabled: 'yes' },
    ]) {
      const res = await call(base(), { token: owner.token, body });
      expect({ status: res.status, problem: isProblem(res) }).toEqual({
        status: 400,
        problem: true,
      });
    }
    const raw = await call(base(), {
      token: owner.token,
      raw: '{"url": ',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(raw.status).toBe(400);
    expect(await countEndpoints(owner.orgId)).toBe(before);
  });

  test('agents get 403, other organizations 404', async () => {
    const hook = await createWebhook(owner, receiver.url);
    expect((await call(base(), { token: agent.token })).status).toBe(403);
    expect(
      (
        await call(base(), {
          token: agent.token,
          body: { url: receiver.url, eventTypes: ['member.joined'], currentPassword: PASSWORD },
        })
      ).status,
    ).toBe(403);
    // Another organization's admin cannot see or touch it, even through their own organization.
    expect((await call(base(), { token: stranger.token })).status).toBe(404);
    const theirs = `/api/v1/orgs/${stranger.orgId}/webhooks/${hook.id}`;
    for (const [method, path, body] of [
      ['GET', theirs, undefined],
      ['PATCH', theirs, { enabled: false }],
      ['DELETE', theirs, undefined],
      ['GET', `${theirs}/deliveries`, undefined],
      ['POST', `${theirs}/rotate-secret`, { currentPassword: PASSWORD }],
      ['POST', `${theirs}/recover`, { since: new Date(0).toISOString() }],
    ] as const) {
      const res = await call(path, { token: stranger.token, method, ...(body ? { body } : {}) });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    // Upper-case and malformed ids are not the endpoint's.
    for (const id of [hook.id.toUpperCase(), 'not-a-uuid', `${hook.id}x`]) {
      const res = await call(`${base()}/${id}`, { token: owner.token });
      expect(res.status).toBe(404);
    }
    const still = await call(`${base()}/${hook.id}`, { token: owner.token });
    expect(still.body.enabled).toBe(true);
  });

  test('update: a new URL needs the password; delete removes it and its log', async () => {
    const hook = await createWebhook(owner, receiver.url);
    const path = `${base()}/${hook.id}`;
    const noPassword = await call(path, {
      token: owner.token,
      method: 'PATCH',
      body: { url: `${receiver.url}?v=2` },
    });
    expect(noPassword.status).toBe(400);
    const private10 = await call(path, {
      token: owner.token,
      method: 'PATCH',
      body: { url: 'http://10.0.0.1/', currentPassword: PASSWORD },
    });
    expect(private10.status).toBe(400);
    const updated = await call(path, {
      token: owner.token,
      method: 'PATCH',
      body: {
        url: `${receiver.url}?v=2`,
        description: 'renamed',
        eventTypes: ['member.joined', 'webhook.endpoint-disabled'],
        currentPassword: PASSWORD,
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ url: `${receiver.url}?v=2`, description: 'renamed' });
    const off = await call(path, { token: owner.token, method: 'PATCH', body: { enabled: false } });
    expect(off.body.enabled).toBe(false);
    expect((await call(path, { token: owner.token, method: 'DELETE' })).status).toBe(204);
    expect((await call(path, { token: owner.token })).status).toBe(404);
    expect((await call(path, { token: owner.token, method: 'DELETE' })).status).toBe(404);
  });

  test('redeliver one and recover the failed since a time: same webhook-id, a new run of attempts', async () => {
    const org = await registerOwner('Replay');
    let failing = true;
    const flaky = startReceiver(() =>
      failing ? new Response('gone fishing', { status: 500 }) : new Response('ok'),
    );
    try {
      const hook = await createWebhook(org, flaky.url);
      // WEBHOOK_RETRY_SCHEDULE of the stack: 7 retries, about 13 s, then failed for good.
      await recordEvents(org.orgId, 2);
      const failed = await eventually(async () => {
        const list = await deliveries(org, hook.id);
        return list.length === 2 && list.every((d) => d.status === 'failed') ? list : undefined;
      }, 45_000);
      expect(failed[0]?.attempts).toHaveLength(8);
      failing = false;
      const [one, other] = failed;
      if (!one || !other) throw new Error('no deliveries');
      const redeliver = await call(
        `/api/v1/orgs/${org.orgId}/webhooks/${hook.id}/deliveries/${one.id}/redeliver`,
        { token: org.token, method: 'POST' },
      );
      expect(redeliver.status).toBe(202);
      expect(redeliver.body).toEqual({ queued: 1 });
      await eventually(
        async () =>
          (await deliveries(org, hook.id)).find((d) => d.id === one.id)?.status === 'succeeded',
      );
      expect(flaky.received.at(-1)?.id).toBe(one.messageId);

      const future = await call(`/api/v1/orgs/${org.orgId}/webhooks/${hook.id}/recover`, {
        token: org.token,
        body: { since: new Date(Date.now() + 3_600_000).toISOString() },
      });
      expect(future.status).toBe(422);
      const bad = await call(`/api/v1/orgs/${org.orgId}/webhooks/${hook.id}/recover`, {
        token: org.token,
        body: { since: 'yesterday' },
      });
      expect(bad.status).toBe(400);
      const recovered = await call(`/api/v1/orgs/${org.orgId}/webhooks/${hook.id}/recover`, {
        token: org.token,
        body: { since: new Date(Date.now() - 3_600_000).toISOString() },
      });
      expect(recovered.body).toEqual({ queued: 1 });
      await eventually(async () =>
        (await deliveries(org, hook.id)).every((d) => d.status === 'succeeded'),
      );
      expect(flaky.received.at(-1)?.id).toBe(other.messageId);
      // Pagination: one per page, newest first, then the end.
      const page1 = await call(`/api/v1/orgs/${org.orgId}/webhooks/${hook.id}/deliveries?limit=1`, {
        token: org.token,
      });
      expect(page1.body.items).toHaveLength(1);
      const page2 = await call(
        `/api/v1/orgs/${org.orgId}/webhooks/${hook.id}/deliveries?limit=1&cursor=${page1.body.nextCursor}`,
        { token: org.token },
      );
      expect(page2.body.items).toHaveLength(1);
      expect(page2.body.nextCursor).toBeNull();
      expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
      const garbage = await call(
        `/api/v1/orgs/${org.orgId}/webhooks/${hook.id}/deliveries?cursor=garbage`,
        { token: org.token },
      );
      expect(garbage.status).toBe(400);
    } finally {
      flaky.stop();
    }
  }, 90_000);
});
