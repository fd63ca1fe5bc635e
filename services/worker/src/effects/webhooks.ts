import type { EffectHandler, EventCatalog, OutboxEffect } from '@insightdesk/shared/events';
import type { platformEvents } from '@insightdesk/shared/platform';
import type { QueueHandle, webhookQueue } from '@insightdesk/shared/queues';
import { subscribedEndpoints, webhookEventTypes } from '@insightdesk/shared/webhooks';

type Restarted = (typeof platformEvents)['webhook.deliveries-restarted']['data']['_output'];

/**
 * Webhook deliveries from the outbox, the path real-time and mail take (nothing announced is
 * missed): each event of a webhook type (event-types.ts) becomes one job per enabled endpoint of
 * its organization subscribed to it and made before it, with the Standard Webhooks body
 * `{type, timestamp, data}`.
 * Job ids derive from the outbox row and the endpoint, so a row relayed again after a crash adds
 * nothing twice; an organization's jobs carry it as their fair-share group.
 */
export function webhookEffect(
  catalog: EventCatalog,
  webhooks: QueueHandle<typeof webhookQueue>,
): OutboxEffect {
  const deliver: EffectHandler = async (data, row, tx) => {
    if (!row.orgId) return;
    const endpoints = await subscribedEndpoints(tx, row.orgId, row.type, row.createdAt);
    if (endpoints.length === 0) return;
    const body = JSON.stringify({ type: row.type, timestamp: row.createdAt, data });
    for (const endpointId of endpoints) {
      await webhooks.add(
        'deliver',
        { outboxId: row.id, endpointId, orgId: row.orgId, eventType: row.type, body },
        { jobId: `webhook-${row.id}-${endpointId}`, group: row.orgId },
      );
    }
  };
  const restarted: EffectHandler = async (data, row) => {
    const { endpointId, deliveryIds } = data as Restarted;
    for (const deliveryId of deliveryIds) {
      await webhooks.add(
        'redeliver',
        { deliveryId, endpointId },
        {
          jobId: `webhook-redeliver-${row.id}-${deliveryId}`,
          ...(row.orgId ? { group: row.orgId } : {}),
        },
      );
    }
  };
  const restartType: keyof typeof platformEvents = 'webhook.deliveries-restarted';
  return {
    name: 'webhooks',
    // Jobs live only in Valkey; a delivery already made is not pending and its job does nothing.
    redrive: true,
    on: {
      ...Object.fromEntries(webhookEventTypes(catalog).map((type) => [type, deliver])),
      [restartType]: restarted,
    },
  };
}
