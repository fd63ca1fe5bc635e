import type { Executor } from '@insightdesk/shared/db';
import { recordEvent } from '../outbox';
import { calendarOf } from './calendars';
import type { SlaSettings } from './config';
import { listPolicies } from './policies';
import { type StoredTimer, storeTicketSla, ticketHistory } from './ticket-slas';
import { policyFor, summarize, timersOf } from './timers';

/**
 * Computes a ticket's timers again from its history (in the transaction of the change that
 * moved them: a new ticket, a message, a status or priority change) and stores them; when they
 * changed, `sla.due-changed` tells the worker to reschedule the ticket's check job.
 */
export async function refreshTicketSla(
  tx: Executor,
  orgId: string,
  ticketId: string,
  settings: SlaSettings,
  now = Date.now(),
): Promise<void> {
  const history = await ticketHistory(tx, orgId, ticketId);
  if (!history) return;
  const policy = policyFor(await listPolicies(tx, orgId), history);
  const calendar = await calendarOf(tx, orgId);
  const timers: StoredTimer[] = policy
    ? timersOf(history, policy, calendar, settings.minuteMs).map((t) => ({
        ...t,
        warnAt:
          policy.warningMinutes !== null && t.dueAt !== null
            ? t.dueAt - policy.warningMinutes * settings.minuteMs
            : null,
      }))
    : [];
  const { version, changed } = await storeTicketSla(tx, orgId, ticketId, {
    policy: policy ? { id: policy.id, name: policy.name } : null,
    ...summarize(timers, now),
    timers,
  });
  if (changed) await recordEvent(tx, orgId, 'sla.due-changed', { ticketId, version });
}

/** The next instant a check must run for `timers`: the earliest warning or due time to come. */
export function nextCheckAt(timers: readonly StoredTimer[], after: number): number | null {
  let next: number | null = null;
  for (const t of timers) {
    if (t.metAt !== null || t.stopped || t.dueAt === null) continue;
    for (const instant of [t.warnAt, t.dueAt]) {
      if (instant !== null && instant > after && (next === null || instant < next)) next = instant;
    }
  }
  return next;
}
