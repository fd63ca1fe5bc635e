import type { Executor } from '@insightdesk/shared/db';
import { defineEffect, type OutboxEffect } from '@insightdesk/shared/events';
import type { QueueHandle } from '@insightdesk/shared/queues';
import { helpdeskEvents } from '../../events';
import type { slaQueue } from '../../queues';
import { lockTicketSla, setCheckJob } from '../../sla/ticket-slas';
import { nextCheckAt } from '../../sla/timers';
import { scheduleCheck } from '../sla';

/**
 * An organization's settings changed: a job computes its unresolved tickets' timers again. A
 * ticket's timers changed: its check job of the new version is scheduled at the earliest
 * warning or due time of its running clocks (at once when one is past), and the previous
 * version's job is removed (were it left, it would find the version moved and do nothing).
 */
export function slaTimers(queue: QueueHandle<typeof slaQueue>): OutboxEffect {
  return defineEffect(helpdeskEvents, {
    name: 'sla timers',
    // Checks of an old version do nothing, and a firing's unique key keeps each one to once.
    redrive: true,
    on: {
      async 'sla.due-changed'({ ticketId, version }, { orgId }, tx: Executor) {
        if (orgId === null) return;
        const sla = await lockTicketSla(tx, orgId, ticketId);
        // Gone, or changed again since: that change's own event schedules its job.
        if (!sla || sla.version !== version) return;
        const first = nextCheckAt(sla.timers, Number.NEGATIVE_INFINITY);
        const jobId =
          first === null
            ? null
            : await scheduleCheck(queue, { orgId, ticketId, version, at: Math.max(first, 0) });
        // A job running right now is locked and stays; it finds the version moved.
        if (sla.jobId && sla.jobId !== jobId)
          await queue.queue.remove(sla.jobId).catch(() => undefined);
        await setCheckJob(tx, ticketId, version, jobId);
      },
      async 'sla.settings-changed'({ changeId }, { orgId }) {
        if (orgId === null) return;
        await queue.add(
          'reapply',
          { orgId, changeId },
          { jobId: `sla-reapply-${changeId}`, group: orgId },
        );
      },
      async 'sla.calendar-feed-requested'({ changeId }, { orgId }) {
        if (orgId === null) return;
        await queue.add(
          'import-calendar',
          { orgId, run: changeId },
          {
            jobId: `sla-feed-${orgId}-${changeId}`,
            group: orgId,
          },
        );
      },
    },
  });
}
