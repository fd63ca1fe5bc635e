import type { EventData } from '@insightdesk/shared/events';
import type { QueueHandles } from '@insightdesk/shared/queues';
import type { OutboxEffect } from './outbox-relay';

/**
 * Background work that follows from committed changes: the relay hands every outbox row here.
 * Job ids derive from what they are about, so a row relayed twice adds each job once; jobs of an
 * organization carry it as their fair-share group.
 */
export function jobsEffect(queues: Pick<QueueHandles, 'email' | 'attachments'>): OutboxEffect {
  const { email, attachments } = queues;
  return async (row) => {
    switch (row.type) {
      case 'account.verification-requested': {
        const { tokenId } = row.payload as EventData<typeof row.type>;
        await email.add('verify-email', { tokenId }, { jobId: `verify-email-${tokenId}` });
        return;
      }
      case 'account.password-reset-requested': {
        const { tokenId } = row.payload as EventData<typeof row.type>;
        await email.add('password-reset', { tokenId }, { jobId: `password-reset-${tokenId}` });
        return;
      }
    }
    // The rest belong to an organization.
    const orgId = row.orgId;
    if (orgId === null) return;
    const group = orgId;
    switch (row.type) {
      case 'invitation.created': {
        const { invitationId } = row.payload as EventData<typeof row.type>;
        await email.add(
          'invitation',
          { invitationId },
          { jobId: `invitation-${invitationId}`, group },
        );
        break;
      }
      case 'ticket.created': {
        const { ticket } = row.payload as EventData<typeof row.type>;
        await email.add(
          'ticket-created',
          { orgId, ticketId: ticket.id },
          { jobId: `ticket-created-${ticket.id}`, group },
        );
        break;
      }
      case 'message.created': {
        const { message, requesterId } = row.payload as EventData<typeof row.type>;
        if (message.internal || message.author.id === requesterId) break;
        await email.add(
          'reply',
          { orgId, ticketId: message.ticketId, messageId: message.id },
          { jobId: `reply-${message.id}`, group },
        );
        break;
      }
      case 'attachment.uploaded': {
        const { attachmentId } = row.payload as EventData<typeof row.type>;
        await attachments.add(
          'process',
          { orgId, attachmentId },
          { jobId: `attachment-${attachmentId}`, group },
        );
        break;
      }
    }
  };
}
