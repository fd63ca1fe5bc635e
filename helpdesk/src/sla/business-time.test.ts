import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import {
  ALWAYS_OPEN,
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  isTimeZone,
  MINUTE,
  type Span,
  WEEKDAYS,
} from './business-time';

/**
 * The reference: one minute at a time, each read on its own through `Intl` (the local weekday,
 * date and clock of that minute), with nothing shared with the module's walk by offsets.
 */
const readers = new Map<string, Intl.DateTimeFormat>();
function localMinute(timeZone: string, t: number) {
  let f = readers.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    readers.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(t).map((x) => [x.type, x.value]));
  return {
    day: String(p.weekday).toLowerCase().slice(0, 3),
    date: `${p.year}-${p.month}-${p.day}`,
    minute: Number(p.hour) * 60 + Number(p.minute),
  };
}

function isBusinessMinute(c: BusinessCalendar, t: number, pauses: readonly Span[]): boolean {
  if (pauses.some((p) => t >= p.start && (p.end === null || t < p.end))) return false;
  const l = localMinute(c.timeZone, t);
  if (c.holidays.some((h) => ('date' in h ? h.date === l.date : h.yearly === l.date.slice(5))))
    return false;
  return c.weekly.some((i) => i.day === l.day && l.minute >= i.start && l.minute < i.end);
}

const WINDOW = 21 * 24 * 60;

function referenceAdd(c: BusinessCalendar, start: number, minutes: number, pauses: Span[]) {
  let counted = 0;
  for (let m = 0; m < WINDOW; m++) {
    const t = start + m * MINUTE;
    if (isBusinessMinute(c, t, pauses) && ++counted === minutes) return t + MINUTE;
  }
  return null;
}

function referenceBetween(c: BusinessCalendar, from: number, to: number, pauses: Span[]) {
  let counted = 0;
  for (let t = from; t < to; t += MINUTE) if (isBusinessMinute(c, t, pauses)) counted++;
  return counted * MINUTE;
}

/** Days on which clocks change in the zones below (2025–2026), and a plain one. */
const AROUND = [
  '2025-03-30', // Europe/Berlin forward
  '2025-10-26', // Europe/Berlin back
  '2025-03-09', // America/New_York forward
  '2025-11-02', // America/New_York back
  '2025-04-06', // Australia/Lord_Howe back by 30 minutes
  '2025-10-05', // Australia/Lord_Howe forward by 30 minutes
  '2026-03-29',
  '2025-12-24',
].map((d) => Date.parse(`${d}T00:00:00Z`));

const ZONES = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'UTC',
  'Asia/Kolkata',
  'America/St_Johns',
];

const interval = fc
  .record({
    day: fc.constantFrom(...WEEKDAYS),
    start: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    length: fc.integer({ min: 1, max: 12 * 60 }),
  })
  .map(({ day, start, length }) => ({ day, start, end: Math.min(24 * 60, start + length) }));

/** Around the clock changes: the night hours (01:00–04:00) are chosen more often. */
const nightInterval = fc
  .record({
    day: fc.constantFrom(...WEEKDAYS),
    start: fc.integer({ min: 0, max: 4 * 60 }),
    length: fc.integer({ min: 1, max: 4 * 60 }),
  })
  .map(({ day, start, length }) => ({ day, start, end: start + length }));

const dateNear = (base: number) =>
  fc.integer({ min: -5, max: 15 }).map((d) => new Date(base + d * 86_400_000).toISOString());

const calendar = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    weekly: fc.array(fc.oneof(interval, nightInterval), { minLength: 1, maxLength: 12 }),
    base: fc.constantFrom(...AROUND),
  })
  .chain(({ timeZone, weekly, base }) =>
    fc.record({
      calendar: fc.record({
        timeZone: fc.constant(timeZone),
        weekly: fc.constant(weekly),
        holidays: fc.array(
          fc.oneof(
            dateNear(base).map((d) => ({ date: d.slice(0, 10) })),
            dateNear(base).map((d) => ({ yearly: d.slice(5, 10) })),
          ),
          { maxLength: 4 },
        ),
      }) as fc.Arbitrary<BusinessCalendar>,
      start: fc.integer({ min: -3 * 24 * 60, max: 2 * 24 * 60 }).map((m) => base + m * MINUTE),
    }),
  );

const pausesAfter = (start: number) =>
  fc.array(
    fc
      .record({
        from: fc.integer({ min: 0, max: 6 * 24 * 60 }),
        length: fc.option(fc.integer({ min: 1, max: 2 * 24 * 60 }), { freq: 5 }),
      })
      .map(
        ({ from, length }): Span => ({
          start: start + from * MINUTE,
          end: length === null ? null : start + (from + length) * MINUTE,
        }),
      ),
    { maxLength: 3 },
  );

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
      { numRuns: 60 },
    );
  });

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
      { numRuns: 60 },
    );
  });

  test('what one adds, the other measures (the deadline is the earliest such instant)', () => {
    fc.assert(
      fc.property(
        calendar,
        fc.integer({ min: 1, max: 3000 }),
        ({ calendar, start }, minutes) => {
          const due = addBusinessTime(calendar, start, minutes * MINUTE);
          if (due === null) return;
          expect(businessTimeBetween(calendar, start, due)).toBe(minutes * MINUTE);
          expect(businessTimeBetween(calendar, start, due - 1)).toBeLessThan(minutes * MINUTE);
        },
      ),
      { numRuns: 100 },
    );
  });
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
    expect(addBusinessTime(ALWAYS_OPEN, t, 10 * MINUTE, [{ start: t + MINUTE, end: t + 3 * MINUTE }])).toBe(
      t + 12 * MINUTE,
    );
    const closed: BusinessCalendar = { timeZone: 'UTC', weekly: [], holidays: [] };
    expect(addBusinessTime(closed, t, MINUTE)).toBe(null);
  });

  test('zone names are the ones Intl knows', () => {
    expect(isTimeZone('Australia/Lord_Howe')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
