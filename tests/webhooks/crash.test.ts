import { afterAll, expect, test } from 'bun:test';
import { webhookQueue } from '@insightdesk/shared/queues';
import { registerOwner } from '../support/api';
import { killInstance } from '../support/deliveries';
import { queueClient } from '../support/queues';
import { eventually, processInfo } from '../support/stack';
import {
  createWebhook,
  deliveries,
  recordEvents,
  startReceiver,
  verifies,
} from '../support/webhooks';

// A worker SIGKILLed while its attempt waits for the receiver's answer: the job comes back
// (stalled, after about lock + stalled check) and the delivery goes out again under the same
// webhook-id, which is what a receiver deduplicates on.
const webhooks = queueClient(webhookQueue);
afterAll(() => webhooks.close());

test('SIGKILL mid-delivery: redelivered with the same webhook-id, logged once', async () => {
  const owner = await registerOwner('Crash');
  const receiver = startReceiver(async (n) => {
    // The first attempt is held until the worker is gone (and then some).
    if (n === 0) await Bun.sleep(12_000);
    return new Response('ok');
  });
  try {
    const hook = await createWebhook(owner, receiver.url);
    const [outboxId] = await recordEvents(owner.orgId);
    const jobId = `webhook-${outboxId}-${hook.id}`;
    await receiver.waitFor(1);
    const instance = await eventually(async () => {
      const job = await webhooks.queue.getJob(jobId);
      return (job as { processedBy?: string } | undefined)?.processedBy;
    });
    await killInstance(instance);

    const [first, second] = await receiver.waitFor(2, 60_000);
    if (!first || !second) throw new Error('not redelivered');
    expect(second.id).toBe(first.id);
    expect(second.body).toBe(first.body);
    expect(verifies(hook.secret, second)).toBe(true);
    const [delivery] = await eventually(async () => {
      const list = await deliveries(owner, hook.id);
      return list[0]?.status === 'succeeded' ? list : undefined;
    }, 30_000);
    // The killed attempt never got to log anything: one attempt, the one that succeeded.
    expect(delivery?.messageId).toBe(first.id);
    expect(delivery?.attempts).toHaveLength(1);
    console.log(`redelivered ${second.at - first.at} ms after the first attempt began`);
    await eventually(async () => (await processInfo(instance)).ready || undefined, 30_000);
  } finally {
    receiver.stop();
  }
}, 120_000);
