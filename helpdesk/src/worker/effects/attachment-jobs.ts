import { defineEffect, type OutboxEffect } from '@insightdesk/shared/events';
import type { QueueHandle } from '@insightdesk/shared/queues';
import { helpdeskEvents } from '../../events';
import type { attachmentsQueue } from '../../queues';

/** An upload gets processed (thumbnail, then ready); a deleted ticket's files get discarded. */
export function attachmentJobs(attachments: QueueHandle<typeof attachmentsQueue>): OutboxEffect {
  return defineEffect(helpdeskEvents, {
    name: 'attachment jobs',
    redrive: true,
    on: {
      async 'attachment.uploaded'({ attachmentId }, { orgId }) {
        if (orgId === null) return;
        await attachments.add(
          'process',
          { orgId, attachmentId },
          { jobId: `attachment-${attachmentId}`, group: orgId },
        );
      },
      async 'attachments.deleted'({ ticketId, attachmentIds }, { orgId }) {
        if (orgId === null) return;
        await attachments.add(
          'discard',
          { orgId, attachmentIds },
          { jobId: `attachments-discard-${ticketId}`, group: orgId },
        );
      },
    },
  });
}
