import { afterAll, expect, test } from 'bun:test';
import { addMember, PASSWORD, registerOwner } from '../support/api';
import { call } from '../support/http';
import { eventually } from '../support/stack';
import {
  createWebhook,
  deliveries,
  recordEvents,
  sql,
  startReceiver,
  verifies,
} from '../support/webhooks';

// Every delivery verified by the published `standardwebhooks` package, across a rotation: the old
// and the new secret both verify during the grace period, only the new one afterwards.
const receiver = startReceiver();
afterAll(() => receiver.stop());

test('a change announced through the outbox is delivered, signed, with the Standard Webhooks headers and body', async () => {
  const owner = await registerOwner('Hooks');
  const hook = await createWebhook(owner, receiver.url);
  expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  // The secret is stored encrypted, never as itself.
  const [stored] = await sql<
    { secret: string }[]
  >`select secret from webhook_endpoints where id = ${hook.id}`;
  expect(stored?.secret.startsWith('v1.')).toBe(true);
  expect(stored?.secret).not.toContain(hook.secret.slice(6, 20));

  const agent = await addMember(owner, 'agent', 'Ada');
  const [delivery] = await receiver.waitFor(1);
  if (!delivery) throw new Error('nothing received');
  expect(verifies(hook.secret, delivery)).toBe(true);
  expect(verifies(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, delivery)).toBe(false);
  expect(delivery.id).toMatch(/^msg_[0-9a-f]{32}$/);
  expect(Math.abs(Number(delivery.timestamp) - Date.now() / 1000)).toBeLessThan(60);
  expect(delivery.headers['content-type']).toBe('application/json');
  const body = JSON.parse(delivery.body);
  expect(body.type).toBe('member.joined');
  expect(body.data).toEqual({ user: { id: agent.user.id, name: 'Ada' }, role: 'agent' });
  expect(Date.parse(body.timestamp)).toBeGreaterThan(0);

  // The receiver has the request before the worker has its answer: the log says so just after.
  const logged = await eventually(async () => {
    const [entry] = await deliveries(owner, hook.id);
    return entry?.status === 'pending' ? undefined : entry;
  });
  expect(logged?.messageId).toBe(delivery.id);
  expect(logged?.status).toBe('succeeded');
  expect(logged?.attempts).toMatchObject([{ statusCode: 200, succeeded: true, error: null }]);
});

test('rotation: old and new secrets both verify during the grace period, only the new one afterwards', async () => {
  const owner = await registerOwner('Rotor');
  const rotating = startReceiver();
  try {
    const hook = await createWebhook(owner, rotating.url);
    await recordEvents(owner.orgId);
    const [before] = await rotating.waitFor(1);
    if (!before) throw new Error('nothing received');
    expect(verifies(hook.secret, before)).toBe(true);
    expect(before.signature.split(' ')).toHaveLength(1);

    const rotated = await call(`/api/v1/orgs/${owner.orgId}/webhooks/${hook.id}/rotate-secret`, {
      token: owner.token,
      body: { currentPassword: PASSWORD, graceSeconds: 4 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get('cache-control')).toBe('no-store');
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(hook.secret);
    expect(Date.parse(rotated.body.previousSecretValidUntil)).toBeGreaterThan(Date.now());

    await recordEvents(owner.orgId);
    const during = (await rotating.waitFor(2))[1];
    if (!during) throw new Error('nothing received');
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(verifies(fresh, during)).toBe(true);
    expect(verifies(hook.secret, during)).toBe(true);

    // Past the grace period the old secret no longer signs.
    await Bun.sleep(4500);
    await recordEvents(owner.orgId);
    const after = (await rotating.waitFor(3))[2];
    if (!after) throw new Error('nothing received');
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(verifies(fresh, after)).toBe(true);
    expect(verifies(hook.secret, after)).toBe(false);
    const shown = await call(`/api/v1/orgs/${owner.orgId}/webhooks/${hook.id}`, {
      token: owner.token,
    });
    expect(shown.body.previousSecretValidUntil).toBeNull();
    expect(shown.text).not.toContain('whsec_');
  } finally {
    rotating.stop();
  }
}, 60_000);
