import type { Executor } from '@insightdesk/shared/db';
import { recordEvent } from '../event-writer';
import type { BusinessCalendar } from './business-time';
import { calendarOf } from './calendars';
import type { SlaSettings } from './config';
import { listPolicies, lockSlaSettings } from './policies';
import {
  dropTicketSla,
  messageInstant,
  storeTicketSla,
  ticketClocks,
  ticketHistory,
  unresolvedTicketIds,
} from './ticket-slas';
import {
  DONE_STATUSES,
  type NewestMessage,
  policyFor,
  type SlaPolicy,
  type StoredTimer,
  summarize,
  type TargetTimer,
  timersAfterMessage,
  timersOf,
  waitingNextResponse,
} from './timers';

/**
 * Computes a ticket's timers again from its history (in the transaction of the change that
 * moved them: a new ticket, a message, a status or priority change) and stores them; when they
 * changed, `sla.due-changed` tells the worker to reschedule the ticket's check job. Under the
 * settings lock the transaction took first (`lockSlaSettings`). A public message the change just
 * recorded (`known.message`) moves the stored timers on without reading the thread
 * (`advanceTicketSla`), where they tell enough.
 */
export async function refreshTicketSla(
  tx: Executor,
  orgId: string,
  ticketId: string,
  settings: SlaSettings,
  /**
   * What the caller read already: the organization's policies (for many tickets, or alongside
   * the change's own statement), its calendar; `noTimers` when the ticket has none (it is new, or
   * the change's statement found none: `settingsUnderLock`); `message`, the public message the
   * change recorded, when that is all it changed.
   */
  known?: {
    policies: readonly SlaPolicy[];
    calendar?: BusinessCalendar;
    noTimers?: boolean;
    message?: NewestMessage;
  },
): Promise<void> {
  const policies = known?.policies ?? (await listPolicies(tx, orgId));
  // Without policies a change costs a read and a delete that finds nothing: no timers.
  if (policies.length === 0) {
    if (!known?.noTimers) await dropTicketSla(tx, ticketId);
    return;
  }
  if (known?.message && !known.noTimers) {
    const moved = await advanceTicketSla(tx, orgId, ticketId, settings, policies, known.message);
    if (moved) return;
  }
  const history = await ticketHistory(tx, orgId, ticketId);
  if (!history) return;
  const policy = policyFor(policies, history);
  const calendar = known?.calendar ?? (await calendarOf(tx, orgId));
  await storeTimers(
    tx,
    orgId,
    ticketId,
    settings,
    policy,
    policy ? timersOf(history, policy, calendar, settings.minuteMs) : [],
  );
}

/**
 * The stored timers moved on by one public message (timersAfterMessage): what a reply costs
 * whatever the length of its thread — the ticket's statuses and stored timers, the waiting
 * clock's start, not its messages. False, and nothing stored, where the stored timers cannot
 * tell: none, another policy than the ticket's now (its priority changed), a solved or closed
 * ticket (an organization's recomputation passes over those), a policy without a first-response
 * target, a message that is not the thread's newest (its transaction began before another
 * message's that committed first: `ticketClocks`). The stored timers are those of the policy and
 * calendar read now: their change recomputes every unresolved ticket (refreshOrganizationSla),
 * batch by batch under the settings lock this change holds shared; until its batch reaches a
 * ticket, a reply there moves on the timers of the settings before (as the ticket's other timers
 * stay until then), and the batch computes them again from its history.
 */
async function advanceTicketSla(
  tx: Executor,
  orgId: string,
  ticketId: string,
  settings: SlaSettings,
  policies: readonly SlaPolicy[],
  message: NewestMessage,
): Promise<boolean> {
  const clocks = await ticketClocks(tx, orgId, ticketId, message.id);
  if (!clocks || clocks.laterMessage || DONE_STATUSES.includes(clocks.status)) return false;
  const policy = policyFor(policies, clocks);
  if (!policy || policy.id !== clocks.policyId) return false;
  const waiting = message.byRequester ? null : waitingNextResponse(clocks.timers);
  const since = waiting ? await messageInstant(tx, ticketId, waiting.cycle) : null;
  const timers = timersAfterMessage(
    clocks.timers.map(({ warnAt: _, ...t }) => t),
    message,
    clocks,
    policy,
    await calendarOf(tx, orgId),
    settings.minuteMs,
    since,
  );
  if (!timers) return false;
  await storeTimers(tx, orgId, ticketId, settings, policy, timers);
  return true;
}

/** Stores a ticket's timers with their warning instants; announces them when they changed. */
async function storeTimers(
  tx: Executor,
  orgId: string,
  ticketId: string,
  settings: SlaSettings,
  policy: SlaPolicy | null,
  computed: readonly TargetTimer[],
): Promise<void> {
  const timers: StoredTimer[] = computed.map((t) => ({
    ...t,
    warnAt:
      policy && policy.warningMinutes !== null && t.dueAt !== null
        ? t.dueAt - policy.warningMinutes * settings.minuteMs
        : null,
  }));
  const { version, changed } = await storeTicketSla(tx, orgId, ticketId, {
    policy: policy ? { id: policy.id, name: policy.name } : null,
    ...summarize(timers, Date.now()),
    timers,
  });
  if (changed) await recordEvent(tx, orgId, 'sla.due-changed', { ticketId, version });
}

/**
 * The organization's unresolved tickets computed again (its policies or calendar changed), in
 * batches of `batch` tickets, each batch one transaction; answers how many.
 */
export async function refreshOrganizationSla(
  db: Executor,
  orgId: string,
  settings: SlaSettings,
  batch = 200,
): Promise<number> {
  let after: string | null = null;
  let done = 0;
  for (;;) {
    const ids = await unresolvedTicketIds(db, orgId, { after, limit: batch });
    if (ids.length === 0) return done;
    await db.transaction(async (tx) => {
      // One recomputation of an organization at a time, its settings read under the lock, after
      // the single tickets' changes already reading them (lockSlaSettings). Two at once (a
      // calendar saved, then its feed imported: each change asks for one) could otherwise store
      // last the timers of the settings read first — the ticket rows' own locks order the
      // stores, not the reads before them.
      await lockSlaSettings(tx, orgId, 'exclusive');
      const known = {
        policies: await listPolicies(tx, orgId),
        calendar: await calendarOf(tx, orgId),
      };
      for (const ticketId of ids) await refreshTicketSla(tx, orgId, ticketId, settings, known);
    });
    done += ids.length;
    after = ids[ids.length - 1] ?? null;
  }
}
