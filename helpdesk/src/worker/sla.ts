import type { Database } from '@insightdesk/shared/db';
import type { GuardedGet } from '@insightdesk/shared/net';
import type { Processors, QueueHandle } from '@insightdesk/shared/queues';
import { type RecoveryStep, requeueFromTable } from '@insightdesk/shared/valkey';
import { recordEvent } from '../event-writer';
import { notify } from '../notifications';
import type { slaQueue } from '../queues';
import type { SlaSettings } from '../sla/config';
import { importCalendarFeed } from '../sla/feed';
import { refreshOrganizationSla } from '../sla/refresh';
import { lockTicketSla, pendingCheckJobs, recordFiring, setCheckJob } from '../sla/ticket-slas';
import { firingsAt, nextCheckAt } from '../sla/timers';

/** The check job of a ticket's timers at one version, for one instant: one id per schedule. */
export const checkJobId = (ticketId: string, version: number, at: number) =>
  `sla-${ticketId}-${version}-${at}`;
/** The instant a check job's id was made for (`checkJobId`); null when it says none. */
const checkJobAt = (jobId: string) => {
  const at = /-(\d+)$/.exec(jobId)?.[1];
  return at === undefined ? null : Number(at);
};

/**
 * After Valkey lost its data: every check the tickets' timers wait on, queued again from
 * `ticket_slas` (the job's id says its instant; one past runs at once). A check can be due long
 * after the change that scheduled it — past the week the outbox keeps, from which nothing would
 * re-drive it. The same ids: a check also re-driven from the outbox is added once, and one that
 * a change replaced meanwhile finds its version moved and does nothing. Answers how many.
 */
export function requeueSlaChecks(
  database: Database,
  queue: QueueHandle<typeof slaQueue>,
  step: RecoveryStep,
): Promise<number> {
  return requeueFromTable({
    name: 'sla checks',
    step,
    read: (after, limit) => pendingCheckJobs(database.db, after, limit),
    keyOf: (check) => check.ticketId,
    async add({ orgId, ticketId, version, jobId }) {
      const at = checkJobAt(jobId);
      if (at !== null) await scheduleCheck(queue, { orgId, ticketId, version, at });
    },
  });
}

/**
 * Adds the ticket's next check job (if a clock still runs) and records it with the version; an
 * earlier instant than now runs at once.
 */
export async function scheduleCheck(
  queue: QueueHandle<typeof slaQueue>,
  p: { orgId: string; ticketId: string; version: number; at: number },
): Promise<string> {
  const jobId = checkJobId(p.ticketId, p.version, p.at);
  await queue.add('check', p, {
    jobId,
    delay: Math.max(0, p.at - Date.now()),
    group: p.orgId,
  });
  return jobId;
}

/**
 * The `sla` queue. A reapply computes an organization's unresolved tickets' timers again. A check fires, in one transaction under the lock of the ticket's timers, each
 * warning and breach now due — a row of `sla_firings` (unique per ticket, target, clock and kind)
 * and its outbox event together, so a check that runs again (a retry, a worker killed after the
 * commit) finds it fired — then schedules the next check. A check of an older version does
 * nothing: the timers moved, and their own check is scheduled.
 */
export function slaProcessors(deps: {
  database: Database;
  queue: QueueHandle<typeof slaQueue>;
  settings: SlaSettings;
  /** GET of a calendar feed through the SSRF guard, bounded (SLA_CALENDAR_FEED_MAX_BYTES). */
  fetchFeed: (url: string) => Promise<GuardedGet>;
}): Processors<typeof slaQueue> {
  return {
    /** Idempotent: the same feed stores the same days, and moves no timer. */
    async 'import-calendar'({ orgId }) {
      return (await importCalendarFeed(deps.database.db, orgId, deps.fetchFeed)) ?? { feed: null };
    },

    /** Idempotent: the same settings give the same timers (no new version, no event). */
    async reapply({ orgId }) {
      return { tickets: await refreshOrganizationSla(deps.database.db, orgId, deps.settings) };
    },

    async check(data) {
      return deps.database.db.transaction(async (tx) => {
        const sla = await lockTicketSla(tx, data.orgId, data.ticketId);
        if (!sla || sla.version !== data.version) return { stale: true };
        // A delayed job never runs before its instant by the clock that scheduled it; another
        // host's clock a little behind must not make it miss what it came for.
        const now = Math.max(Date.now(), data.at);
        const fired: string[] = [];
        // Past due, the breach alone: the warning is skipped (firingsAt).
        for (const { timer: t, kind } of firingsAt(sla.timers, now)) {
          const firing = {
            orgId: data.orgId,
            ticketId: data.ticketId,
            policyId: sla.policyId,
            target: t.target,
            cycle: t.cycle,
            kind,
            dueAt: t.dueAt as number,
          };
          if (!(await recordFiring(tx, firing))) continue;
          const payload = {
            ticket: { id: sla.ticket.id, number: sla.ticket.number, subject: sla.ticket.subject },
            target: t.target,
            cycle: t.cycle,
            dueAt: new Date(t.dueAt as number).toISOString(),
            policy: { id: sla.policyId, name: sla.policyName ?? '' },
            assigneeId: sla.ticket.assigneeId,
          };
          await recordEvent(
            tx,
            data.orgId,
            kind === 'breached' ? 'sla.breached' : 'sla.warning',
            payload,
          );
          await notify(tx, {
            orgId: data.orgId,
            actorId: null,
            kind: kind === 'breached' ? 'sla_breached' : 'sla_warning',
            ticketId: data.ticketId,
            recipients: [sla.ticket.assigneeId],
            staffOnly: true,
          });
          fired.push(`${kind}:${t.target}`);
        }
        // Added before the commit: should the commit fail, the next check finds nothing more
        // to fire than this one would have; should this one be lost, the next one does it.
        const next = nextCheckAt(sla.timers, now);
        const jobId =
          next === null
            ? null
            : await scheduleCheck(deps.queue, { ...data, version: sla.version, at: next });
        await setCheckJob(tx, data.ticketId, sla.version, jobId);
        return { fired, next };
      });
    },
  };
}
