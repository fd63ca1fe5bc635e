import { afterAll, expect, test } from 'bun:test';
import { addMember, registerOwner } from '../support/api';
import { call } from '../support/http';
import { mailTo, waitForMail } from '../support/mail';
import { eventually } from '../support/stack';
import {
  createWebhook,
  deliveries,
  recordEvents,
  sql,
  startReceiver,
  verifies,
} from '../support/webhooks';

// Retries on the schedule (the local stack's WEBHOOK_RETRY_SCHEDULE: 1s,2s,2s,…, ±10%), under the
// same webhook-id, honouring Retry-After; 410 turns an endpoint off at once; a long failure streak
// turns it off and tells the organization's admins (the stream event and a mail).
const receivers: { stop(): void }[] = [];
afterAll(() => {
  for (const r of receivers) r.stop();
});

const endpointRow = async (id: string) =>
  (
    await sql<{ enabled: boolean; disabled_reason: string | null }[]>`
      select enabled, disabled_reason from webhook_endpoints where id = ${id}`
  )[0];

test('500, then 503 with Retry-After, then 200: three attempts, one webhook-id, Retry-After honoured', async () => {
  const owner = await registerOwner('Retry');
  const receiver = startReceiver((n) =>
    n === 0
      ? new Response('boom', { status: 500 })
      : n === 1
        ? new Response('later', { status: 503, headers: { 'Retry-After': '3' } })
        : new Response('fine'),
  );
  receivers.push(receiver);
  const hook = await createWebhook(owner, receiver.url);
  await recordEvents(owner.orgId);
  const [first, second, third] = await receiver.waitFor(3, 40_000);
  if (!first || !second || !third) throw new Error('missing attempts');
  expect(new Set([first.id, second.id, third.id]).size).toBe(1);
  expect(first.body).toBe(third.body);
  for (const attempt of [first, second, third]) expect(verifies(hook.secret, attempt)).toBe(true);
  // Each attempt signs at its own time; the schedule's first delay is 1 s (±10%), then Retry-After's 3 s.
  expect(second.at - first.at).toBeGreaterThanOrEqual(900);
  expect(third.at - second.at).toBeGreaterThanOrEqual(2900);
  console.log(
    `retry gaps: ${second.at - first.at} ms (schedule 1 s), ${third.at - second.at} ms (Retry-After 3 s)`,
  );

  const [logged] = await eventually(async () => {
    const list = await deliveries(owner, hook.id);
    return list[0]?.status === 'succeeded' ? list : undefined;
  });
  expect(logged?.messageId).toBe(first.id);
  expect(logged?.attempts.map((a) => [a.statusCode, a.succeeded])).toEqual([
    [200, true],
    [503, false],
    [500, false],
  ]);
  expect(logged?.attempts[2]?.responseExcerpt).toBe('boom');
  await receiver.waitFor(3);
  expect(receiver.received).toHaveLength(3);
}, 60_000);

test('410 Gone disables the endpoint at once: no retry, nothing more sent', async () => {
  const owner = await registerOwner('Gone');
  const receiver = startReceiver(() => new Response('gone', { status: 410 }));
  receivers.push(receiver);
  const hook = await createWebhook(owner, receiver.url);
  await recordEvents(owner.orgId);
  await receiver.waitFor(1);
  await eventually(async () => (await endpointRow(hook.id))?.enabled === false);
  expect(await endpointRow(hook.id)).toEqual({ enabled: false, disabled_reason: 'gone' });
  const [logged] = await eventually(async () => {
    const list = await deliveries(owner, hook.id);
    return list[0]?.status === 'failed' ? list : undefined;
  });
  expect(logged?.attempts).toHaveLength(1);
  await recordEvents(owner.orgId);
  await Bun.sleep(3000);
  expect(receiver.received).toHaveLength(1);
  const shown = await call(`/api/v1/orgs/${owner.orgId}/webhooks/${hook.id}`, {
    token: owner.token,
  });
  expect(shown.body).toMatchObject({ enabled: false, disabledReason: 'gone' });
}, 60_000);

test('failing with no success past WEBHOOK_DISABLE_AFTER_DAYS: disabled, the admins mailed, the staff notified', async () => {
  const owner = await registerOwner('Streak');
  const admin = await addMember(owner, 'admin', 'Adele');
  const agent = await addMember(owner, 'agent', 'Aggie');
  const receiver = startReceiver(() => new Response('down', { status: 500 }));
  receivers.push(receiver);
  const hook = await createWebhook(owner, receiver.url);
  // The streak began six days ago (WEBHOOK_DISABLE_AFTER_DAYS is 5): the next failure ends it.
  await sql`update webhook_endpoints set failing_since = now() - interval '6 days' where id = ${hook.id}`;
  await recordEvents(owner.orgId);
  await eventually(async () => (await endpointRow(hook.id))?.enabled === false, 20_000);
  expect(await endpointRow(hook.id)).toEqual({ enabled: false, disabled_reason: 'failing' });

  // Notified: the organization's stream carries webhook.endpoint-disabled (staff see it)…
  const [notice] = await eventually(() =>
    sql<{ payload: { endpointId: string; reason: string }; relayed: boolean }[]>`
      select payload, relayed_at is not null as relayed from outbox
       where org_id = ${owner.orgId} and type = 'webhook.endpoint-disabled'`.then((rows) =>
      rows[0]?.relayed ? rows : undefined,
    ),
  );
  expect(notice?.payload).toMatchObject({ endpointId: hook.id, reason: 'failing' });
  // …and each admin and owner gets a mail; an agent does not.
  for (const who of [owner, admin]) {
    const [mail] = await waitForMail(
      who.email,
      1,
      (m) => m.template === 'webhook-disabled',
      30_000,
    );
    expect(mail?.subject).toContain('webhook endpoint');
  }
  const [logged] = await deliveries(owner, hook.id);
  expect(logged?.status).toBe('failed');
  expect(logged?.attempts).toHaveLength(1);
  expect((await mailTo(agent.email)).filter((m) => m.template === 'webhook-disabled')).toEqual([]);

  // Enabled again: the streak starts over, deliveries resume.
  const enabled = await call(`/api/v1/orgs/${owner.orgId}/webhooks/${hook.id}`, {
    token: owner.token,
    method: 'PATCH',
    body: { enabled: true },
  });
  expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
}, 90_000);
