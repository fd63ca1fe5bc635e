import type { EventData } from '@insightdesk/shared/events';
import { exportPlan } from '@insightdesk/shared/exports';
import { isPublicReply } from '@insightdesk/shared/helpdesk';
import { exportsQueue, type Flows, type QueueHandles } from '@insightdesk/shared/queues';
import type { OutboxEffect } from './outbox-relay';

const keyOf = (p: { at: Date; id: string } | null): [string, string] | null =>
  p ? [p.at.toISOString(), p.id] : null;

/**
 * Background work that follows from committed changes: the relay hands every outbox row here.
 * Job ids derive from what they are about, so a row relayed twice adds each job once; jobs of an
 * organization carry it as their fair-share group.
 */
export function jobsEffect(
  queues: Pick<QueueHandles, 'email' | 'attachments'>,
  flows: Flows,
): OutboxEffect {
  const { email, attachments } = queues;
  return async (row, tx) => {
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
        if (
          !isPublicReply({ internal: message.internal, authorId: message.author.id }, requesterId)
        )
          break;
        await email.add(
          'reply',
          { orgId, ticketId: message.ticketId, messageId: message.id },
          { jobId: `reply-${message.id}`, group },
        );
        break;
      }
      case 'export.requested': {
        // One part per page of tickets, planned now; the assembly waits for all of them.
        const { exportId } = row.payload as EventData<typeof row.type>;
        const bounds = await exportPlan(tx, orgId);
        await flows.add(
          {
            queue: exportsQueue,
            name: 'assemble',
            data: { exportId, orgId, parts: bounds.length },
            jobId: `export-${exportId}`,
          },
          bounds.map((until, part) => ({
            queue: exportsQueue,
            name: 'part' as const,
            data: {
              exportId,
              orgId,
              part,
              after: keyOf(bounds[part - 1] ?? null),
              until: keyOf(until),
            },
            jobId: `export-${exportId}-part-${part}`,
          })),
        );
        break;
      }
      case 'export.ready': {
        const { exportId } = row.payload as EventData<typeof row.type>;
        await email.add('export-ready', { exportId }, { jobId: `export-ready-${exportId}`, group });
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
      case 'attachments.deleted': {
        const { ticketId, attachmentIds } = row.payload as EventData<typeof row.type>;
        await attachments.add(
          'discard',
          { orgId, attachmentIds },
          { jobId: `attachments-discard-${ticketId}`, group },
        );
        break;
      }
    }
  };
}
