import type { TicketPriority, TicketStatus } from '../schemas';
import { SLA_TARGETS, type SlaTarget } from '../schemas/sla';
import { addBusinessTime, type BusinessCalendar, MINUTE, type Span } from './business-time';

/**
 * A ticket's service-level timers as a pure function of its history, its policy and the
 * calendar: which instant each target falls due, whether it was met, whether it breached.
 */

/** Statuses in which no clock runs: the ticket is done (a reopened ticket's clocks go on). */
export const DONE_STATUSES: readonly TicketStatus[] = ['solved', 'closed'];

export interface SlaPolicy {
  readonly id: string;
  readonly name: string;
  /** Business minutes per target; null: no such target. */
  readonly targets: Readonly<Record<SlaTarget, number | null>>;
  /** Statuses whose time does not count (e.g. pending on the customer). */
  readonly pausedStatuses: readonly TicketStatus[];
  /** Wall-clock minutes before a due time at which `sla.warning` fires; null: no warning. */
  readonly warningMinutes: number | null;
  /** Which tickets it applies to; empty: any (the default policy has none). */
  readonly priorities: readonly TicketPriority[];
  readonly isDefault: boolean;
}

export interface TicketHistory {
  readonly createdAt: number;
  readonly priority: TicketPriority;
  /** Every status the ticket took, oldest first, its first at creation. */
  readonly statuses: readonly { readonly status: TicketStatus; readonly at: number }[];
  /** Public messages, oldest first (internal notes start and stop nothing). */
  readonly messages: readonly {
    readonly id: string;
    readonly at: number;
    readonly byRequester: boolean;
  }[];
}

/** The policy a ticket falls under: the first (in the given order) whose conditions it meets. */
export function policyFor<P extends SlaPolicy>(
  policies: readonly P[],
  ticket: { priority: TicketPriority },
): P | null {
  return (
    policies.find((p) => !p.isDefault && p.priorities.includes(ticket.priority)) ??
    policies.find((p) => p.isDefault) ??
    null
  );
}

/** One clock of one target: `cycle` tells the next-response clocks apart (its message's id). */
export interface TargetTimer {
  readonly target: SlaTarget;
  readonly cycle: string;
  /**
   * When it falls due if its clock keeps running; null when it never does, and for a met clock
   * when it was met before it fell due (only a late one's due time is computed).
   */
  readonly dueAt: number | null;
  /** When it was met (the reply, the resolution); null while it is not. */
  readonly metAt: number | null;
  /** Its clock is stopped now (a paused or done status). */
  readonly stopped: boolean;
}

/**
 * Spans of time in paused or done statuses, as if the clock ran again from the ticket's last
 * status change (a current stop then ends there), and since when the clock is stopped, if it is.
 */
export function pausesOf(
  history: Pick<TicketHistory, 'statuses'>,
  pausedStatuses: readonly TicketStatus[],
): { pauses: Span[]; stoppedSince: number | null } {
  const pauses: Span[] = [];
  const stops = new Set([...pausedStatuses, ...DONE_STATUSES]);
  let open: number | null = null;
  for (const { status, at } of history.statuses) {
    if (stops.has(status)) open ??= at;
    else if (open !== null) {
      pauses.push({ start: open, end: at });
      open = null;
    }
  }
  const last = history.statuses[history.statuses.length - 1];
  if (open !== null && last) pauses.push({ start: open, end: last.at });
  return { pauses, stoppedSince: open };
}

function timer(
  calendar: BusinessCalendar,
  clock: { pauses: Span[]; stoppedSince: number | null; minuteMs: number },
  target: SlaTarget,
  cycle: string,
  start: number,
  minutes: number,
  metAt: number | null,
): TargetTimer {
  // The due time the clock reaches if it runs again from now on: a stopped clock still tells
  // whether it breached before it stopped. A met clock's, only when it was met late (at or
  // before `metAt`): a ticket's many answered clocks each walk as long as their wait.
  const dueAt = addBusinessTime(
    calendar,
    start,
    minutes * clock.minuteMs,
    clock.pauses,
    metAt ?? Number.POSITIVE_INFINITY,
  );
  const since = clock.stoppedSince;
  const stopped = metAt === null && since !== null && (dueAt === null || dueAt > since);
  return { target, cycle, dueAt, metAt, stopped };
}

/**
 * The ticket's clocks under `policy`: first response (from creation to the first public reply of
 * someone other than the requester), next response (from each requester's message that follows a
 * reply, to the next reply) and resolution (from creation to a done status). `minuteMs` is the
 * length of a business minute: 60,000 but where a test speeds targets up.
 */
export function timersOf(
  history: TicketHistory,
  policy: SlaPolicy,
  calendar: BusinessCalendar,
  minuteMs = MINUTE,
): TargetTimer[] {
  const clock = { ...pausesOf(history, policy.pausedStatuses), minuteMs };
  const out: TargetTimer[] = [];
  const { firstResponse, nextResponse, resolution } = policy.targets;
  const firstReplyIndex = history.messages.findIndex((m) => !m.byRequester);
  const firstReply = history.messages[firstReplyIndex]?.at ?? null;
  if (firstResponse !== null)
    out.push(
      timer(calendar, clock, 'firstResponse', '', history.createdAt, firstResponse, firstReply),
    );
  if (nextResponse !== null && firstReply !== null) {
    // A requester's message after the first reply starts a clock; the next reply stops it.
    let waiting: { id: string; at: number } | null = null;
    for (const m of history.messages.slice(firstReplyIndex + 1)) {
      if (m.byRequester) waiting ??= { id: m.id, at: m.at };
      else if (waiting) {
        out.push(
          timer(calendar, clock, 'nextResponse', waiting.id, waiting.at, nextResponse, m.at),
        );
        waiting = null;
      }
    }
    if (waiting)
      out.push(timer(calendar, clock, 'nextResponse', waiting.id, waiting.at, nextResponse, null));
  }
  if (resolution !== null) {
    const last = history.statuses[history.statuses.length - 1];
    const resolvedAt = last && DONE_STATUSES.includes(last.status) ? last.at : null;
    out.push(timer(calendar, clock, 'resolution', '', history.createdAt, resolution, resolvedAt));
  }
  return out;
}

/** A public message a change just recorded: the newest of its ticket's. */
export interface NewestMessage {
  readonly id: string;
  readonly at: number;
  readonly byRequester: boolean;
}

/** The next-response clock waiting for a reply, if one is. */
export const waitingNextResponse = (timers: readonly TargetTimer[]) =>
  timers.find((t) => t.target === 'nextResponse' && t.metAt === null) ?? null;

/**
 * The ticket's clocks after one more public message, the newest, from its clocks before it: what
 * `timersOf` answers for the history with the message, without the thread. A met clock is final
 * (its due time was computed up to when it was met), and a running one's due time and stop follow
 * the statuses, the policy and the calendar, none of which a message changes: a reply meets the
 * first response, or the waiting next response (`waitingSince`: its message's instant); a
 * requester's message after the first reply starts a next response when none waits. `before`
 * must be `timersOf` of the history without the message, under this policy, these statuses and
 * this calendar. Null when the clocks before cannot tell: a policy without a first-response target
 * keeps no trace of the first reply.
 */
export function timersAfterMessage(
  before: readonly TargetTimer[],
  message: NewestMessage,
  history: Pick<TicketHistory, 'createdAt' | 'statuses'>,
  policy: SlaPolicy,
  calendar: BusinessCalendar,
  minuteMs: number,
  waitingSince: number | null,
): TargetTimer[] | null {
  const { firstResponse, nextResponse } = policy.targets;
  const first = before.findIndex((t) => t.target === 'firstResponse');
  const answered = before[first]?.metAt ?? null;
  if (firstResponse === null || first < 0) return null;
  const clock = { ...pausesOf(history, policy.pausedStatuses), minuteMs };
  const out = [...before];
  if (!message.byRequester) {
    if (answered === null) {
      out[first] = timer(
        calendar,
        clock,
        'firstResponse',
        '',
        history.createdAt,
        firstResponse,
        message.at,
      );
      return out;
    }
    const waiting = waitingNextResponse(before);
    if (!waiting || nextResponse === null) return out;
    if (waitingSince === null) return null;
    out[before.indexOf(waiting)] = timer(
      calendar,
      clock,
      'nextResponse',
      waiting.cycle,
      waitingSince,
      nextResponse,
      message.at,
    );
    return out;
  }
  if (answered === null || nextResponse === null || waitingNextResponse(before)) return out;
  const started = timer(
    calendar,
    clock,
    'nextResponse',
    message.id,
    message.at,
    nextResponse,
    null,
  );
  // In timersOf's order: the first response, the next responses oldest first, the resolution.
  const resolution = out.findIndex((t) => t.target === 'resolution');
  out.splice(resolution < 0 ? out.length : resolution, 0, started);
  return out;
}

/** A timer breached: met late, or not met and past due while its clock ran (a stopped clock
 * stopped before its due time). */
export function isBreached(t: TargetTimer, now: number): boolean {
  if (t.dueAt === null || t.stopped) return false;
  if (t.metAt !== null) return t.metAt > t.dueAt;
  return t.dueAt <= now;
}

/** A timer that can still fire: not met, its clock running, with a due time. */
export const isRunning = (t: TargetTimer) => t.metAt === null && !t.stopped && t.dueAt !== null;

export interface SlaSummary {
  readonly firstResponseDueAt: number | null;
  readonly nextResponseDueAt: number | null;
  readonly resolutionDueAt: number | null;
  readonly breached: SlaTarget[];
}

/** What the ticket API shows: each target's running due time, and which targets breached. */
export function summarize(timers: readonly TargetTimer[], now: number): SlaSummary {
  const due = (target: SlaTarget) =>
    timers.find((t) => t.target === target && isRunning(t))?.dueAt ?? null;
  return {
    firstResponseDueAt: due('firstResponse'),
    nextResponseDueAt: due('nextResponse'),
    resolutionDueAt: due('resolution'),
    breached: SLA_TARGETS.filter((target) =>
      timers.some((t) => t.target === target && isBreached(t, now)),
    ),
  };
}

/** A timer as stored for the check jobs: the pure timer and its warning instant. */
export interface StoredTimer extends TargetTimer {
  readonly warnAt: number | null;
}

/**
 * What a check at `now` fires for each running clock: its breach once past its due time, else
 * its warning once past its warning instant. The rule for a check that only runs after the due
 * time (a worker down through the warning, or a change that put the due time in the past): the
 * breach alone — the warning is skipped, never sent after the breach it was to announce.
 */
export function firingsAt(
  timers: readonly StoredTimer[],
  now: number,
): { timer: StoredTimer; kind: 'warning' | 'breached' }[] {
  const due: { timer: StoredTimer; kind: 'warning' | 'breached' }[] = [];
  for (const t of timers) {
    if (t.metAt !== null || t.stopped || t.dueAt === null) continue;
    if (t.dueAt <= now) due.push({ timer: t, kind: 'breached' });
    else if (t.warnAt !== null && t.warnAt <= now) due.push({ timer: t, kind: 'warning' });
  }
  return due;
}

/**
 * The next instant a check must run for `timers`: the earliest warning or due time of a running
 * clock after `after` (-Infinity: the earliest of all, past ones included).
 */
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
