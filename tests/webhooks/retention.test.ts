import { afterAll, expect, test } from 'bun:test';
import { maintenanceQueue } from '@insightdesk/shared/queues';
import { registerOwner } from '../support/api';
import { queueClient } from '../support/queues';
import { eventually } from '../support/stack';
import { createWebhook, deliveries, recordEvents, sql, startReceiver } from '../support/webhooks';

// The delivery log is kept WEBHOOK_LOG_RETENTION_DAYS (30): the maintenance purge removes older
// finished deliveries with their attempts, and keeps what is recent or still pending.
const maintenance = queueClient(maintenanceQueue);
const receiver = startReceiver();
afterAll(async () => {
  receiver.stop();
  await maintenance.close();
});

test('the maintenance purge drops finished deliveries past the retention, with their attempts', async () => {
  const owner = await registerOwner('Keeper');
  const hook = await createWebhook(owner, receiver.url);
  await recordEvents(owner.orgId, 3);
  const [old, pendingOld, recent] = await eventually(async () => {
    const list = await deliveries(owner, hook.id);
    return list.length === 3 && list.every((d) => d.status === 'succeeded') ? list : undefined;
  });
  if (!old || !pendingOld || !recent) throw new Error('no deliveries');
  await sql`update webhook_deliveries set created_at = now() - interval '31 days' where id in ${sql([old.id, pendingOld.id])}`;
  await sql`update webhook_deliveries set status = 'pending' where id = ${pendingOld.id}`;
  const job = await maintenance.handle.add('purge', {}, { jobId: `purge-webhooks-${Date.now()}` });
  const removed = (await maintenance.finished(job, 60_000)) as Record<string, number>;
  expect(removed.webhookDeliveries).toBeGreaterThanOrEqual(1);
  const left = await sql<{ id: string }[]>`
    select id from webhook_deliveries where endpoint_id = ${hook.id} order by id`;
  expect(left.map((r) => r.id).sort()).toEqual([pendingOld.id, recent.id].sort());
  const attempts = await sql`select 1 from webhook_attempts where delivery_id = ${old.id}`;
  expect(attempts).toHaveLength(0);
}, 60_000);
