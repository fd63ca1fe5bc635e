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
  // The re-drive's jobs for this organization ran (or found their delivery done): none of its
  // endpoints' is left in the queue; then a moment for any stray attempt to land.
  await eventually(
    async () => {
      const jobs = await webhooks.queue.getJobs(['wait', 'prioritized', 'active', 'delayed']);
      return !jobs.some((job) => [first.id, second.id].includes(job?.data.endpointId));
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

/** An endpoint busy for an hour at its first attempt (Retry-After), glad to take the next. */
async function heldBack(owner: Awaited<ReturnType<typeof registerOwner>>) {
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
  return {
    receiver,
    endpoint,
    outboxId: outboxId ?? 0,
    deliveryId: delivery?.id ?? '',
    nextAttemptAt,
    /** Its jobs in the queue now: the recovery's, and the re-drive's when its event is kept. */
    jobs: async () =>
      (
        await Promise.all(
          [`webhook-pending-${delivery?.id}`, `webhook-${outboxId}-${endpoint.id}`].map((id) =>
            webhooks.queue.getJob(id),
          ),
        )
      ).filter((job) => job !== undefined),
  };
}

test('deliveries held back by Retry-After come back for their time after a loss, once each, also past the outbox’s week', async () => {
  await recovered();
  // One whose event the outbox let go of (as the purge does after a week: the re-drive cannot
  // bring it back), one whose event it keeps (the re-drive brings it back too); each of its own
  // organization, so that each endpoint gets its one event.
  const owners = await Promise.all([registerOwner('HeldBack'), registerOwner('HeldBack')]);
  const gone = await heldBack(owners[0]);
  const kept = await heldBack(owners[1]);
  await sql`delete from outbox where id = ${gone.outboxId}`;

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
  const [recovered_] = await gone.jobs();
  expect(recovered_?.id).toBe(`webhook-pending-${gone.deliveryId}`);
  expect(recovered_?.name).toBe('redeliver');
  expect(recovered_?.data).toEqual({ deliveryId: gone.deliveryId, endpointId: gone.endpoint.id });
  // Both of the kept one's jobs wait for its time (the re-drive's ran and found it not due).
  const both = await eventually(async () => {
    const jobs = await kept.jobs();
    const states = await Promise.all(jobs.map((job) => job.getState()));
    return jobs.length === 2 && states.every((s) => s === 'delayed') ? jobs : undefined;
  });
  for (const job of [recovered_, ...both]) {
    // For the time its retry was set to, not sooner (BullMQ stamps a job a moment after).
    const due = job?.id?.includes(gone.deliveryId) ? gone.nextAttemptAt : kept.nextAttemptAt;
    expect(Math.abs((job?.timestamp ?? 0) + (job?.delay ?? 0) - due)).toBeLessThan(1000);
  }
  await Bun.sleep(1000);
  expect(gone.receiver.received).toHaveLength(1);
  expect(kept.receiver.received).toHaveLength(1);

  // Their time come (brought forward here, the deliveries' and their jobs'): one more attempt
  // each, under the same webhook-id — the kept one's two jobs make one attempt.
  await sql`update webhook_deliveries set next_attempt_at = now()
             where id in ${sql([gone.deliveryId, kept.deliveryId])}`;
  for (const job of [recovered_, ...both]) await job?.promote();
  for (const [i, { receiver, endpoint }] of [gone, kept].entries()) {
    const owner = owners[i] ?? owners[0];
    await receiver.waitFor(2);
    await eventually(async () => (await deliveries(owner, endpoint.id))[0]?.status === 'succeeded');
    expect(receiver.received[1]?.id).toBe(receiver.received[0]?.id);
  }
  await Bun.sleep(1500);
  expect(gone.receiver.received).toHaveLength(2);
  expect(kept.receiver.received).toHaveLength(2);
}, 400_000);
