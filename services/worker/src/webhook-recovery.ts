import type { Executor } from '@insightdesk/shared/db';
import type { QueueHandle, webhookQueue } from '@insightdesk/shared/queues';
import { type RecoveryStep, requeueFromTable } from '@insightdesk/shared/valkey';
import { pendingDeliveriesPastOutbox } from '@insightdesk/shared/webhooks';

/**
 * After Valkey lost its data: every pending delivery the outbox's re-drive cannot bring back (its
 * event relayed more than the outbox's week ago) queued again for its next attempt's time. One
 * job id per delivery: a second loss adds it once. Answers how many.
 */
export function requeuePendingDeliveries(
  db: Executor,
  webhooks: QueueHandle<typeof webhookQueue>,
  step: RecoveryStep,
): Promise<number> {
  return requeueFromTable({
    name: 'webhook deliveries',
    step,
    read: (after, limit) => pendingDeliveriesPastOutbox(db, after, limit),
    keyOf: (delivery) => delivery.id,
    add: (delivery) =>
      webhooks.add(
        'redeliver',
        { deliveryId: delivery.id, endpointId: delivery.endpointId },
        {
          jobId: `webhook-pending-${delivery.id}`,
          group: delivery.orgId,
          delay: Math.max(0, (delivery.nextAttemptAt?.getTime() ?? 0) - Date.now()),
        },
      ),
  });
}
