import { defineEffect, type OutboxEffect } from '@insightdesk/shared/events';
import { platformEvents } from '@insightdesk/shared/platform';
import type { emailQueue, QueueHandle } from '@insightdesk/shared/queues';

/**
 * The platform's mail: each event that asks for one adds its email job. Job ids derive from what
 * they are about, so a row relayed twice adds each job once; an organization's jobs carry it as
 * their fair-share group.
 */
export function platformMailJobs(email: QueueHandle<typeof emailQueue>): OutboxEffect {
  return defineEffect(platformEvents, {
    name: 'mail jobs (platform)',
    redrive: true,
    on: {
      async 'account.verification-requested'({ tokenId }) {
        await email.add('verify-email', { tokenId }, { jobId: `verify-email-${tokenId}` });
      },
      async 'account.password-reset-requested'({ tokenId }) {
        await email.add('password-reset', { tokenId }, { jobId: `password-reset-${tokenId}` });
      },
      async 'invitation.created'({ invitationId }, row) {
        await email.add(
          'invitation',
          { invitationId },
          { jobId: `invitation-${invitationId}`, ...(row.orgId ? { group: row.orgId } : {}) },
        );
      },
      async 'webhook.endpoint-disabled'({ endpointId, disabledAt }, row) {
        await email.add(
          'webhook-disabled',
          { endpointId, disabledAt },
          {
            jobId: `webhook-disabled-${endpointId}-${Date.parse(disabledAt)}`,
            ...(row.orgId ? { group: row.orgId } : {}),
          },
        );
      },
    },
  });
}
