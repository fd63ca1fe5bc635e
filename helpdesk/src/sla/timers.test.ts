import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketStatus } from '../schemas';
import { ALWAYS_OPEN, MINUTE } from './business-time';
import { calendar, isBusinessMinute, WINDOW } from './minute-reference';
import {
  DONE_STATUSES,
  firingsAt,
  isBreached,
  nextCheckAt,
  policyFor,
  type SlaPolicy,
  summarize,
  type TicketHistory,
  timersAfterMessage,
  timersOf,
  waitingNextResponse,
} from './timers';

const policy = (over: Partial<SlaPolicy> = {}): SlaPolicy => ({
  id: 'p',
  name: 'standard',
  targets: { firstResponse: 60, nextResponse: 120, resolution: 600 },
  pausedStatuses: ['pending'],
  warningMinutes: 15,
  priorities: [],
  isDefault: true,
  ...over,
});

/**
 * The reference clock of a target: minute by minute from its start, a minute counts when the
 * calendar's business time holds it and the ticket's status then (the last change at or before
 * it) is no stop — after the last change the clock runs, whatever the status (a stopped clock's
 * due time is where it would fall if it ran again).
 */
function referenceDue(
  history: TicketHistory,
  c: (typeof calendar extends fc.Arbitrary<infer T> ? T : never)['calendar'],
  stops: ReadonlySet<TicketStatus>,
  start: number,
  minutes: number,
): number | null {
  const last = history.statuses[history.statuses.length - 1];
  let counted = 0;
  for (let m = 0; m < WINDOW; m++) {
    const t = start + m * MINUTE;
    const current = history.statuses.filter((s) => s.at <= t).pop();
    const stopped = current && last && t < last.at && stops.has(current.status);
    if (!stopped && isBusinessMinute(c, t, []) && ++counted === minutes) return t + MINUTE;
  }
  return null;
}

const history = (start: number) =>
  fc
    .record({
      statuses: fc.array(
        fc.record({
          status: fc.constantFrom(...TICKET_STATUSES),
          after: fc.integer({ min: 1, max: 24 * 60 }),
        }),
        { maxLength: 5 },
      ),
      messages: fc.array(
        fc.record({ byRequester: fc.boolean(), after: fc.integer({ min: 0, max: 24 * 60 }) }),
        { maxLength: 6 },
      ),
      priority: fc.constantFrom(...TICKET_PRIORITIES),
    })
    .map(({ statuses, messages, priority }): TicketHistory => {
      /** Instants `after` minutes apart, one after another from the start. */
      const instants = (gaps: { after: number }[]) => {
        let t = start;
        return gaps.map((g) => {
          t += g.after * MINUTE;
          return t;
        });
      };
      const statusAt = instants(statuses);
      const messageAt = instants(messages);
      const changes = statuses.map((s, i) => ({ status: s.status, at: statusAt[i] ?? start }));
      return {
        createdAt: start,
        priority,
        statuses: [{ status: 'open', at: start }, ...changes],
        messages: [
          { id: 'm0', at: start, byRequester: true },
          ...messages.map((m, i) => ({
            id: `m${i + 1}`,
            at: messageAt[i] ?? start,
            byRequester: m.byRequester,
          })),
        ],
      };
    });

describe('timers against a minute-by-minute reference', () => {
  test('every due time of random histories on random calendars', () => {
    fc.assert(
      fc.property(
        calendar.chain((c) => fc.record({ c: fc.constant(c), h: history(c.start) })),
        fc.constantFrom<TicketStatus[]>([], ['pending'], ['pending', 'open']),
        fc.integer({ min: 1, max: 600 }),
        ({ c, h }, pausedStatuses, minutes) => {
          const p = policy({
            pausedStatuses,
            targets: { firstResponse: minutes, nextResponse: minutes, resolution: minutes * 2 },
          });
          const stops = new Set<TicketStatus>([...pausedStatuses, ...DONE_STATUSES]);
          for (const t of timersOf(h, p, c.calendar)) {
            const start =
              t.target === 'nextResponse'
                ? (h.messages.find((m) => m.id === t.cycle)?.at ?? Number.NaN)
                : h.createdAt;
            const n = t.target === 'resolution' ? minutes * 2 : minutes;
            const due = referenceDue(h, c.calendar, stops, start, n);
            // A met clock's due time only when it was met late (or just in time).
            const expected = t.metAt !== null && due !== null && due > t.metAt ? null : due;
            if (expected === null) {
              if (t.dueAt !== null) expect(t.dueAt).toBeGreaterThan(start + WINDOW * MINUTE);
            } else expect(t.dueAt).toBe(expected);
          }
        },
      ),
      { numRuns: 20 },
    );
  }, 180_000);
});

describe('timers after one more message, from the timers before it', () => {
  test('are the timers of the whole history, message after message', () => {
    fc.assert(
      fc.property(
        calendar.chain((c) => fc.record({ c: fc.constant(c), h: history(c.start) })),
        fc.constantFrom<TicketStatus[]>([], ['pending'], ['pending', 'open']),
        fc.integer({ min: 1, max: 600 }),
        fc.boolean(),
        ({ c, h }, pausedStatuses, minutes, withNextResponse) => {
          const p = policy({
            pausedStatuses,
            targets: {
              firstResponse: minutes,
              nextResponse: withNextResponse ? minutes : null,
              resolution: minutes * 2,
            },
          });
          const upTo = (n: number) => ({ ...h, messages: h.messages.slice(0, n) });
          for (let n = 0; n < h.messages.length; n++) {
            const before = timersOf(upTo(n), p, c.calendar);
            const message = h.messages[n] as TicketHistory['messages'][number];
            const waiting = waitingNextResponse(before);
            const since = waiting
              ? (h.messages.find((m) => m.id === waiting.cycle)?.at ?? null)
              : null;
            expect(timersAfterMessage(before, message, h, p, c.calendar, MINUTE, since)).toEqual(
              timersOf(upTo(n + 1), p, c.calendar),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 180_000);

  test('cannot tell without a first-response target, nor a met next response without its start', () => {
    const t0 = Date.parse('2026-01-05T10:00:00Z');
    const h: TicketHistory = {
      createdAt: t0,
      priority: 'normal',
      statuses: [{ status: 'open', at: t0 }],
      messages: [
        { id: 'a', at: t0, byRequester: true },
        { id: 'b', at: t0 + MINUTE, byRequester: false },
        { id: 'c', at: t0 + 2 * MINUTE, byRequester: true },
      ],
    };
    const reply = { id: 'd', at: t0 + 3 * MINUTE, byRequester: false };
    const noFirst = policy({ targets: { firstResponse: null, nextResponse: 60, resolution: 600 } });
    expect(
      timersAfterMessage(
        timersOf(h, noFirst, ALWAYS_OPEN),
        reply,
        h,
        noFirst,
        ALWAYS_OPEN,
        MINUTE,
        t0,
      ),
    ).toBeNull();
    const p = policy();
    const before = timersOf(h, p, ALWAYS_OPEN);
    expect(waitingNextResponse(before)?.cycle).toBe('c');
    expect(timersAfterMessage(before, reply, h, p, ALWAYS_OPEN, MINUTE, null)).toBeNull();
    // With its start, the waiting clock is met by the reply.
    const after = timersAfterMessage(before, reply, h, p, ALWAYS_OPEN, MINUTE, t0 + 2 * MINUTE);
    expect(after).toEqual(timersOf({ ...h, messages: [...h.messages, reply] }, p, ALWAYS_OPEN));
    expect(after && waitingNextResponse(after)).toBeNull();
  });
});

describe('timers, by hand (around the clock, UTC)', () => {
  const t0 = Date.parse('2026-01-05T10:00:00Z');
  const at = (minutes: number) => t0 + minutes * MINUTE;
  const base: TicketHistory = {
    createdAt: t0,
    priority: 'normal',
    statuses: [{ status: 'open', at: t0 }],
    messages: [{ id: 'q', at: t0, byRequester: true }],
  };

  test('left alone: first response and resolution fall due, and breach once past', () => {
    const s = summarize(timersOf(base, policy(), ALWAYS_OPEN), at(61));
    expect(s).toEqual({
      firstResponseDueAt: at(60),
      nextResponseDueAt: null,
      resolutionDueAt: at(600),
      breached: ['firstResponse'],
    });
  });

  test('a reply in time meets the first response; the requester answering starts next response', () => {
    const h = {
      ...base,
      messages: [
        ...base.messages,
        { id: 'a', at: at(30), byRequester: false },
        { id: 'b', at: at(40), byRequester: true },
        { id: 'c', at: at(45), byRequester: true },
      ],
    };
    const timers = timersOf(h, policy(), ALWAYS_OPEN);
    expect(summarize(timers, at(100))).toEqual({
      firstResponseDueAt: null,
      nextResponseDueAt: at(160),
      resolutionDueAt: at(600),
      breached: [],
    });
    expect(timers.find((t) => t.target === 'nextResponse')?.cycle).toBe('b');
  });

  test('pending stops every clock; reopening goes on where it stopped', () => {
    const paused = {
      ...base,
      statuses: [...base.statuses, { status: 'pending' as const, at: at(10) }],
    };
    expect(summarize(timersOf(paused, policy(), ALWAYS_OPEN), at(500))).toEqual({
      firstResponseDueAt: null,
      nextResponseDueAt: null,
      resolutionDueAt: null,
      breached: [],
    });
    const reopened = {
      ...paused,
      statuses: [...paused.statuses, { status: 'open' as const, at: at(100) }],
    };
    expect(summarize(timersOf(reopened, policy(), ALWAYS_OPEN), at(100)).firstResponseDueAt).toBe(
      at(150),
    );
  });

  test('solved late is a breached resolution; solved in time is met', () => {
    const solved = (m: number) => ({
      ...base,
      statuses: [...base.statuses, { status: 'solved' as const, at: at(m) }],
    });
    const late = timersOf(solved(700), policy(), ALWAYS_OPEN).find(
      (t) => t.target === 'resolution',
    );
    expect(late && isBreached(late, at(800))).toBe(true);
    expect(summarize(timersOf(solved(500), policy(), ALWAYS_OPEN), at(800)).breached).toEqual([
      'firstResponse',
    ]);
  });

  test('the next check: the earliest warning or due time of a running clock after the instant', () => {
    const timers = timersOf(base, policy(), ALWAYS_OPEN).map((t) => ({
      ...t,
      warnAt: t.dueAt === null ? null : t.dueAt - 15 * MINUTE,
    }));
    expect(nextCheckAt(timers, Number.NEGATIVE_INFINITY)).toBe(at(45));
    expect(nextCheckAt(timers, at(45))).toBe(at(60));
    expect(nextCheckAt(timers, at(60))).toBe(at(585));
    expect(nextCheckAt(timers, at(600))).toBe(null);
  });

  test('what a check fires: the warning before the due time, the breach alone after it (the warning skipped)', () => {
    const timers = timersOf(base, policy(), ALWAYS_OPEN).map((t) => ({
      ...t,
      warnAt: t.dueAt === null ? null : t.dueAt - 15 * MINUTE,
    }));
    const fired = (now: number) =>
      firingsAt(timers, now).map(({ timer, kind }) => `${kind}:${timer.target}`);
    expect(fired(at(44))).toEqual([]);
    expect(fired(at(45))).toEqual(['warning:firstResponse']);
    // A check that only runs after the due time (the worker was down through the warning).
    expect(fired(at(60))).toEqual(['breached:firstResponse']);
    expect(fired(at(590))).toEqual(['breached:firstResponse', 'warning:resolution']);
    expect(fired(at(600))).toEqual(['breached:firstResponse', 'breached:resolution']);
    // A met or stopped clock fires nothing, however late.
    const met = timers.map((t) => ({ ...t, metAt: at(10) }));
    expect(firingsAt(met, at(10_000))).toEqual([]);
    const stopped = timers.map((t) => ({ ...t, stopped: true }));
    expect(firingsAt(stopped, at(10_000))).toEqual([]);
  });

  test('the policy: the first whose priorities match, else the default, else none', () => {
    const urgent = policy({ id: 'u', isDefault: false, priorities: ['urgent', 'high'] });
    const fallback = policy({ id: 'd' });
    expect(policyFor([fallback, urgent], { priority: 'high' })?.id).toBe('u');
    expect(policyFor([fallback, urgent], { priority: 'low' })?.id).toBe('d');
    expect(policyFor([urgent], { priority: 'low' })).toBe(null);
  });
});
