import { defineEffect, type EventData, type OutboxEffect } from '@insightdesk/shared/events';
import type { QueueDeclaration, QueueHandle } from '@insightdesk/shared/queues';
import { type HelpdeskEvents, helpdeskEvents } from '../../events';
import { isPublicReply } from '../../public-reply';
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
 * A public reply is mailed to the requester: as `message.created` says. An event the release
 * before recorded does not say; it is decided from the event as that release did, its author
 * taken for a member (the event does not tell a contact's mail from a member's).
 */
const mailedToRequester = (created: EventData<HelpdeskEvents, 'message.created'>): boolean =>
  created.publicReply ??
  isPublicReply(
    { internal: created.message.internal, memberAuthorId: created.message.author.id },
    created.requesterId,
  );

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
      async 'message.created'(created, { orgId }) {
        if (orgId === null || !mailedToRequester(created)) return;
        const { message } = created;
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
