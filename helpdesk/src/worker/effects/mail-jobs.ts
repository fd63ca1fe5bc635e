import { defineEffect, type EventData, type OutboxEffect } from '@insightdesk/shared/events';
import type { QueueDeclaration, QueueHandle } from '@insightdesk/shared/queues';
import { type HelpdeskEvents, helpdeskEvents } from '../../events';
import { isPublicReply } from '../../messages';
import type { helpdeskEmailJobs } from '../../queues';

const slaAlert = (
  orgId: string,
  userId: string,
  kind: 'warning' | 'breached',
  a: EventData<HelpdeskEvents, 'sla.warning'>,
) => ({
  orgId,
  ticketId: a.ticket.id,
  userId,
  kind,
  target: a.target,
  cycle: a.cycle,
  dueAt: a.dueAt,
});

/**
 * The help desk's mail: a new ticket, a public reply, a ready export, a service-level warning or
 * breach (to the assignee) each add their email job.
 * Job ids derive from what they are about, so a row relayed twice adds each job once; the
 * organization is their fair-share group.
 */
export function mailJobs(
  email: QueueHandle<QueueDeclaration<(typeof helpdeskEmailJobs)['jobs']>>,
): OutboxEffect {
  return defineEffect(helpdeskEvents, {
    name: 'mail jobs (help desk)',
    redrive: true,
    on: {
      async 'ticket.created'({ ticket }, { orgId }) {
        if (orgId === null) return;
        await email.add(
          'ticket-created',
          { orgId, ticketId: ticket.id },
          { jobId: `ticket-created-${ticket.id}`, group: orgId },
        );
      },
      async 'message.created'({ message, requesterId }, { orgId }) {
        if (orgId === null) return;
        if (
          !isPublicReply({ internal: message.internal, authorId: message.author.id }, requesterId)
        )
          return;
        await email.add(
          'reply',
          { orgId, ticketId: message.ticketId, messageId: message.id },
          { jobId: `reply-${message.id}`, group: orgId },
        );
      },
      async 'sla.warning'(alert, { orgId }) {
        if (orgId === null || alert.assigneeId === null) return;
        await email.add('sla-alert', slaAlert(orgId, alert.assigneeId, 'warning', alert), {
          jobId: `sla-warning-${alert.ticket.id}-${alert.target}-${alert.cycle}`,
          group: orgId,
        });
      },
      async 'sla.breached'(alert, { orgId }) {
        if (orgId === null || alert.assigneeId === null) return;
        await email.add('sla-alert', slaAlert(orgId, alert.assigneeId, 'breached', alert), {
          jobId: `sla-breached-${alert.ticket.id}-${alert.target}-${alert.cycle}`,
          group: orgId,
        });
      },
      async 'export.ready'({ exportId }, { orgId }) {
        if (orgId === null) return;
        await email.add(
          'export-ready',
          { exportId },
          { jobId: `export-ready-${exportId}`, group: orgId },
        );
      },
    },
  });
}
