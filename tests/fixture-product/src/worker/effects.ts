import { defineEffect, type OutboxEffect } from '@insightdesk/shared/events';
import type { QueueDeclaration, QueueHandle } from '@insightdesk/shared/queues';
import { fixtureEvents } from '../events';
import type { fixtureEmailJobs, itemsQueue } from '../queues';

/**
 * A new item gets its stamp job and its owner's mail. Job ids derive from the item, so a row
 * relayed twice adds each job once; the organization is their fair-share group.
 */
export function itemJobs(
  items: QueueHandle<typeof itemsQueue>,
  email: QueueHandle<QueueDeclaration<(typeof fixtureEmailJobs)['jobs']>>,
): OutboxEffect {
  return defineEffect(fixtureEvents, {
    name: 'item jobs',
    redrive: true,
    on: {
      async 'item.created'({ item }, { orgId }) {
        if (orgId === null) return;
        const data = { orgId, itemId: item.id };
        await items.add('stamp', data, { jobId: `item-stamp-${item.id}`, group: orgId });
        await email.add('item-created', data, { jobId: `item-created-${item.id}`, group: orgId });
      },
    },
  });
}
