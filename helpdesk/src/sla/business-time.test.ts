import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  ALWAYS_OPEN,
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  isTimeZone,
  MINUTE,
  WALK_LIMIT,
} from './business-time';
import { calendar, pausesAfter, referenceAdd, referenceBetween, WINDOW } from './minute-reference';

describe('business time against a minute-by-minute reference', () => {
  test('adding N business minutes', () => {
    fc.assert(
      fc.property(
        calendar.chain((c) =>
          fc.record({
            c: fc.constant(c),
            minutes: fc.integer({ min: 1, max: 900 }),
            pauses: pausesAfter(c.start),
          }),
        ),
        ({ c, minutes, pauses }) => {
          const expected = referenceAdd(c.calendar, c.start, minutes, pauses);
          const actual = addBusinessTime(c.calendar, c.start, minutes * MINUTE, pauses);
          if (expected === null) {
            // Beyond the reference's window, or never: never, or later than the window.
            if (actual !== null) expect(actual).toBeGreaterThan(c.start + WINDOW * MINUTE);
          } else {
            expect(actual === null ? null : new Date(actual).toISOString()).toBe(
              new Date(expected).toISOString(),
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);

  test('business minutes between two instants', () => {
    fc.assert(
      fc.property(
        calendar.chain((c) =>
          fc.record({
            c: fc.constant(c),
            span: fc.integer({ min: 0, max: 5 * 24 * 60 }),
            pauses: pausesAfter(c.start),
          }),
        ),
        ({ c, span, pauses }) => {
          const to = c.start + span * MINUTE;
          expect(businessTimeBetween(c.calendar, c.start, to, pauses)).toBe(
            referenceBetween(c.calendar, c.start, to, pauses),
          );
        },
      ),
      { numRuns: 40 },
    );
  }, 180_000);

  test('what one adds, the other measures (the deadline is the earliest such instant)', () => {
    fc.assert(
      fc.property(calendar, fc.integer({ min: 1, max: 3000 }), ({ calendar, start }, minutes) => {
        const due = addBusinessTime(calendar, start, minutes * MINUTE);
        if (due === null) return;
        expect(businessTimeBetween(calendar, start, due)).toBe(minutes * MINUTE);
        expect(businessTimeBetween(calendar, start, due - 1)).toBeLessThan(minutes * MINUTE);
      }),
      { numRuns: 100 },
    );
  }, 180_000);
});

describe('business time, cases a reader can check by hand', () => {
  const berlin: BusinessCalendar = {
    timeZone: 'Europe/Berlin',
    weekly: [
      { day: 'sun', start: 60, end: 240 },
      { day: 'mon', start: 9 * 60, end: 12 * 60 },
      { day: 'mon', start: 13 * 60, end: 17 * 60 },
    ],
    holidays: [{ yearly: '12-28' }],
  };

  test('the night clocks go forward lasts an hour less (01:00–04:00 is two hours)', () => {
    const from = Date.parse('2025-03-30T00:00:00Z'); // 01:00 CET, Sunday
    expect(businessTimeBetween(berlin, from, from + 86_400_000)).toBe(120 * MINUTE);
  });

  test('the night clocks go back lasts an hour more (01:00–04:00 is four hours)', () => {
    const from = Date.parse('2025-10-25T22:00:00Z'); // Sunday 00:00 CEST
    expect(businessTimeBetween(berlin, from, from + 86_400_000)).toBe(240 * MINUTE);
  });

  test('a split day: the lunch break does not count; a yearly holiday is skipped', () => {
    const mondayNine = Date.parse('2025-12-22T08:00:00Z'); // Monday 09:00 CET
    // 3 h before lunch, then 1 h after it: 14:00 CET.
    expect(addBusinessTime(berlin, mondayNine, 240 * MINUTE)).toBe(
      Date.parse('2025-12-22T13:00:00Z'),
    );
    // Monday's 7 h, then not Sunday the 28th (a holiday every year) but Monday the 29th 09:00.
    expect(addBusinessTime(berlin, mondayNine, 7 * 60 * MINUTE + 1)).toBe(
      Date.parse('2025-12-29T08:00:00Z') + 1,
    );
  });

  test('an unended pause stops the clock for good; no business time at all is never', () => {
    const t = Date.parse('2025-01-01T00:00:00Z');
    expect(addBusinessTime(ALWAYS_OPEN, t, 10 * MINUTE, [{ start: t + MINUTE, end: null }])).toBe(
      null,
    );
    expect(
      addBusinessTime(ALWAYS_OPEN, t, 10 * MINUTE, [{ start: t + MINUTE, end: t + 3 * MINUTE }]),
    ).toBe(t + 12 * MINUTE);
    const closed: BusinessCalendar = { timeZone: 'UTC', weekly: [], holidays: [] };
    expect(addBusinessTime(closed, t, MINUTE)).toBe(null);
  });

  test('a walk ends ten years from its start: a later due time is none', () => {
    // One minute a week (Monday 09:00 in Berlin): the Nth minute is N − 1 weeks after the first.
    const sparse: BusinessCalendar = {
      timeZone: 'Europe/Berlin',
      weekly: [{ day: 'mon', start: 9 * 60, end: 9 * 60 + 1 }],
      holidays: [],
    };
    const start = Date.parse('2025-12-22T08:00:00Z'); // Monday 09:00, winter time
    const weeks = (n: number) => start + n * 7 * 24 * 60 * MINUTE;
    // 400 minutes: the 400th Monday, 399 weeks on, in summer time: an hour earlier in UTC.
    const due400 = addBusinessTime(sparse, start, 400 * MINUTE);
    expect(due400).toBe(weeks(399) - 60 * MINUTE + MINUTE);
    expect(businessTimeBetween(sparse, start, weeks(399))).toBe(400 * MINUTE); // 10:00 there
    // 600 minutes would take 11½ years; a year of business minutes, ten thousand.
    expect(addBusinessTime(sparse, start, 600 * MINUTE)).toBe(null);
    expect(addBusinessTime(sparse, start, 525_600 * MINUTE)).toBe(null);
    expect(addBusinessTime(sparse, start, 400 * MINUTE, [{ start, end: weeks(400) }])).toBe(null);
    expect(WALK_LIMIT).toBe(3653 * 24 * 60 * MINUTE);
  });

  test('zone names are the ones Intl knows', () => {
    expect(isTimeZone('Australia/Lord_Howe')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
