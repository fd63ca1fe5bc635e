import type { Executor } from '@insightdesk/shared/db';
import type { QueueHandle, webhookQueue } from '@insightdesk/shared/queues';
import { type RecoveryStep, requeueFromTable } from '@insightdesk/shared/valkey';
import { pendingDeliveries } from '@insightdesk/shared/webhooks';

/**
 * After Valkey lost its data: every pending delivery queued again for its next attempt's time —
 * also those the outbox's re-drive cannot bring back (their event relayed more than the outbox's
 * week ago). A delivery the re-drive queues as well is attempted once: each attempt is taken
 * (`takeAttempt`). One job id per delivery: a second loss adds it once. Answers how many.
 */
export function requeuePendingDeliveries(
  db: Executor,
  webhooks: QueueHandle<typeof webhookQueue>,
  step: RecoveryStep,
): Promise<number> {
  return requeueFromTable({
    name: 'webhook deliveries',
    step,
    read: (after, limit) => pendingDeliveries(db, after, limit),
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
