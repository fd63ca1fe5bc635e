import type { EventData } from '@insightdesk/shared/events';
import { attachmentsQueue, emailQueue, enqueue } from '@insightdesk/shared/queues';
import type { Queue } from 'bullmq';
import type { OutboxEffect } from './outbox-relay';

/**
 * Background work that follows from committed changes: the relay hands every outbox row here.
 * Job ids derive from what they are about, so a row relayed twice adds each job once.
 */
export function jobsEffect(queues: { email: Queue; attachments: Queue }): OutboxEffect {
  return async (row) => {
    switch (row.type) {
      case 'account.verification-requested':
      case 'account.password-reset-requested': {
        const { tokenId } = row.payload as EventData<'account.verification-requested'>;
        const job =
          row.type === 'account.verification-requested' ? 'verify-email' : 'password-reset';
        await enqueue(queues.email, emailQueue, job, { tokenId }, { jobId: `${job}-${tokenId}` });
        return;
      }
    }
    // The rest belong to an organization.
    const orgId = row.orgId;
    if (orgId === null) return;
    switch (row.type) {
      case 'invitation.created': {
        const data = row.payload as EventData<'invitation.created'>;
        await enqueue(
          queues.email,
          emailQueue,
          'invitation',
          { invitationId: data.invitationId },
          { jobId: `invitation-${data.invitationId}` },
        );
        break;
      }
      case 'ticket.created': {
        const { ticket } = row.payload as EventData<'ticket.created'>;
        await enqueue(
          queues.email,
          emailQueue,
          'ticket-created',
          { orgId, ticketId: ticket.id },
          { jobId: `ticket-created-${ticket.id}` },
        );
        break;
      }
      case 'message.created': {
        const { message, requesterId } = row.payload as EventData<'message.created'>;
        if (message.internal || message.author.id === requesterId) break;
        await enqueue(
          queues.email,
          emailQueue,
          'reply',
          { orgId, ticketId: message.ticketId, messageId: message.id },
          { jobId: `reply-${message.id}` },
        );
        break;
      }
      case 'attachment.uploaded': {
        const data = row.payload as EventData<'attachment.uploaded'>;
        await enqueue(
          queues.attachments,
          attachmentsQueue,
          'process',
          { orgId, attachmentId: data.attachmentId },
          { jobId: `attachment-${data.attachmentId}` },
        );
        break;
      }
    }
  };
}
