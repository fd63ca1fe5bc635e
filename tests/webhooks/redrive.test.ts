import { afterAll, expect, test } from 'bun:test';
import { webhookQueue } from '@insightdesk/shared/queues';
import { EPOCH_KEY } from '@insightdesk/shared/valkey';
import { registerOwner } from '../support/api';
import { queueClient } from '../support/queues';
import { eventually } from '../support/stack';
import { createWebhook, deliveries, recordEvents, sql, startReceiver } from '../support/webhooks';

// After Valkey loses its data the outbox's relayed rows are re-driven through the webhook effect
// (docs/background-work.md): an endpoint made after an event must not get it then — it gets only
// what happened after it was made — and one that had it already does not get it twice.

const webhooks = queueClient(webhookQueue);
const receivers: { stop(): void }[] = [];
afterAll(async () => {
  for (const r of receivers) r.stop();
  await webhooks.close();
});

const recovered = () =>
  eventually(
    async () => String(await webhooks.connection.get(EPOCH_KEY)).startsWith('done '),
    300_000,
    500,
  );
const names = (received: { body: string }[]) =>
  received.map((r) => (JSON.parse(r.body) as { data: { user: { name: string } } }).data.user.name);

test('a re-drive after FLUSHALL hands an endpoint no event older than itself, and none twice', async () => {
  await recovered();
  const owner = await registerOwner('Redrive');
  const early = startReceiver();
  const late = startReceiver();
  receivers.push(early, late);
  const first = await createWebhook(owner, early.url);
  await recordEvents(owner.orgId, 1, 'Before');
  await early.waitFor(1);
  // Made after the first event was relayed and delivered.
  const second = await createWebhook(owner, late.url);
  await recordEvents(owner.orgId, 1, 'After');
  await Promise.all([early.waitFor(2), late.waitFor(1)]);
  expect(names(late.received)).toEqual(['After1']);

  await webhooks.connection.flushall();
  await recovered();
  // The re-drive's jobs for this organization ran (or found their delivery done): the queue is
  // empty of them; then a moment for any stray attempt to land.
  await eventually(
    async () => {
      const counts = await webhooks.queue.getJobCounts('wait', 'prioritized', 'active', 'delayed');
      return Object.values(counts).every((n) => n === 0);
    },
    120_000,
    500,
  );
  await Bun.sleep(2000);

  expect(names(late.received)).toEqual(['After1']);
  expect(names(early.received)).toEqual(['Before1', 'After1']);
  expect((await deliveries(owner, second.id)).map((d) => d.status)).toEqual(['succeeded']);
  expect((await deliveries(owner, first.id)).map((d) => d.status)).toEqual([
    'succeeded',
    'succeeded',
  ]);
}, 400_000);

test('a delivery held back past the outbox’s week is queued again for its next attempt, and made', async () => {
  await recovered();
  const owner = await registerOwner('HeldBack');
  // Busy for an hour at the first attempt (Retry-After), then glad to take it.
  const receiver = startReceiver((n) =>
    n === 0
      ? new Response('busy', { status: 503, headers: { 'Retry-After': '3600' } })
      : new Response('ok'),
  );
  receivers.push(receiver);
  const endpoint = await createWebhook(owner, receiver.url);
  const [outboxId] = await recordEvents(owner.orgId, 1, 'Held');
  await receiver.waitFor(1);
  const [delivery] = await eventually(async () => {
    const list = await deliveries(owner, endpoint.id);
    return list[0]?.attempts.length === 1 ? list : undefined;
  });
  expect(delivery?.status).toBe('pending');
  const nextAttemptAt = Date.parse(String(delivery?.nextAttemptAt));
  expect(nextAttemptAt - Date.now()).toBeGreaterThan(3_000_000);
  // Its event gone from the outbox, as the purge lets relayed rows go after a week: the
  // outbox's re-drive cannot bring it back.
  await sql`delete from outbox where id = ${outboxId ?? 0}`;

  const before = String(await webhooks.connection.get(EPOCH_KEY));
  await webhooks.connection.flushall();
  await eventually(
    async () => {
      const now = String(await webhooks.connection.get(EPOCH_KEY));
      return now.startsWith('done ') && now !== before;
    },
    300_000,
    500,
  );
  const job = await webhooks.queue.getJob(`webhook-pending-${delivery?.id}`);
  expect(job?.name).toBe('redeliver');
  expect(job?.data).toEqual({ deliveryId: delivery?.id, endpointId: endpoint.id });
  expect(await job?.getState()).toBe('delayed');
  // For the time its retry was set to, not sooner (BullMQ stamps it a moment after).
  expect(Math.abs((job?.timestamp ?? 0) + (job?.delay ?? 0) - nextAttemptAt)).toBeLessThan(1000);

  // Its time come (brought forward here): the second attempt, under the same webhook-id.
  await job?.promote();
  await receiver.waitFor(2);
  expect(receiver.received[1]?.id).toBe(receiver.received[0]?.id);
  await eventually(async () => (await deliveries(owner, endpoint.id))[0]?.status === 'succeeded');
}, 400_000);
