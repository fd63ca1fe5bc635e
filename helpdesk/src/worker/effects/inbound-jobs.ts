import { defineEffect, type OutboxEffect } from '@insightdesk/shared/events';
import type { QueueHandle } from '@insightdesk/shared/queues';
import { helpdeskEvents } from '../../events';
import type { inboundQueue } from '../../queues';

/** A mail the ingress recorded gets processed (once per mail: the job id is the mail's). */
export function inboundJobs(inbound: QueueHandle<typeof inboundQueue>): OutboxEffect {
  return defineEffect(helpdeskEvents, {
    name: 'inbound jobs',
    // A mail processed already is no longer `received`: its job run again does nothing.
    redrive: true,
    on: {
      async 'inbound.received'({ inboundId }, { orgId }) {
        if (orgId === null) return;
        await inbound.add(
          'process',
          { orgId, inboundId },
          { jobId: `inbound-${inboundId}`, group: orgId },
        );
      },
    },
  });
}
