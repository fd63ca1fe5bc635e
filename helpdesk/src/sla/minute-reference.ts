import fc from 'fast-check';
import { type BusinessCalendar, MINUTE, type Span, WEEKDAYS } from './business-time';

/**
 * For the property tests of business time and of the timers: a reference that counts one minute
 * at a time, each read on its own through `Intl` (the local weekday, date and clock of that
 * minute), sharing nothing with the module's walk by offsets; and random calendars around the
 * days clocks change.
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

export function isBusinessMinute(c: BusinessCalendar, t: number, pauses: readonly Span[]): boolean {
  if (pauses.some((p) => t >= p.start && (p.end === null || t < p.end))) return false;
  const l = localMinute(c.timeZone, t);
  if (c.holidays.some((h) => ('date' in h ? h.date === l.date : h.yearly === l.date.slice(5))))
    return false;
  return c.weekly.some((i) => i.day === l.day && l.minute >= i.start && l.minute < i.end);
}

export const WINDOW = 21 * 24 * 60;

export function referenceAdd(c: BusinessCalendar, start: number, minutes: number, pauses: Span[]) {
  let counted = 0;
  for (let m = 0; m < WINDOW; m++) {
    const t = start + m * MINUTE;
    if (isBusinessMinute(c, t, pauses) && ++counted === minutes) return t + MINUTE;
  }
  return null;
}

export function referenceBetween(c: BusinessCalendar, from: number, to: number, pauses: Span[]) {
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

export const calendar = fc
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

export const pausesAfter = (start: number) =>
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
