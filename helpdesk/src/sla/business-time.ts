/**
 * Business time on a calendar: which instants count, how much of it lies between two instants,
 * and which instant ends N business minutes after another. Pure (no I/O, no clock), over epoch
 * milliseconds; the calendar's wall clock comes from `Intl` (the IANA zone database Bun ships).
 *
 * An instant counts when its wall-clock time in the calendar's zone lies in one of the weekly
 * intervals of its local weekday and its local date is no holiday. So on the night clocks go
 * forward an interval spanning the jump lasts an hour less, and an hour more when they go back:
 * business time is real elapsed time, read against the local clock.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A stretch of wall-clock time on one weekday, minutes since local midnight, `[start, end)`. */
export interface WeeklyInterval {
  readonly day: Weekday;
  readonly start: number;
  readonly end: number;
}

/** A whole local day off: one date (`2026-12-24`) or the same month and day every year (`12-25`). */
export type Holiday = { readonly date: string } | { readonly yearly: string };

export interface BusinessCalendar {
  readonly timeZone: string;
  readonly weekly: readonly WeeklyInterval[];
  readonly holidays: readonly Holiday[];
}

/** An interval of instants `[start, end)`; `end` null while it lasts (a pause not yet over). */
export interface Span {
  readonly start: number;
  readonly end: number | null;
}

export const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Walking further than this without meeting business time means there is none to meet. */
const HORIZON = 400 * DAY;

/** Around the clock, every day, UTC: the calendar of an organization that set none. */
export const ALWAYS_OPEN: BusinessCalendar = {
  timeZone: 'UTC',
  weekly: WEEKDAYS.map((day) => ({ day, start: 0, end: 24 * 60 })),
  holidays: [],
};

/** Whether `Intl` knows the zone (the only zones this module can read). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at `t`, in milliseconds (whole seconds: what the zone data holds). */
export function offsetAt(timeZone: string, t: number): number {
  const second = Math.floor(t / 1000) * 1000;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(second)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return local - second;
}

interface CompiledCalendar {
  readonly timeZone: string;
  /** Sorted, merged intervals per `Date#getUTCDay` (0: Sunday), minutes of the local day. */
  readonly byDay: readonly (readonly [number, number])[][];
  readonly dates: ReadonlySet<string>;
  readonly yearly: ReadonlySet<string>;
}

const compiled = new WeakMap<BusinessCalendar, CompiledCalendar>();
function compile(calendar: BusinessCalendar): CompiledCalendar {
  const known = compiled.get(calendar);
  if (known) return known;
  const byDay: [number, number][][] = [[], [], [], [], [], [], []];
  for (const i of calendar.weekly) {
    if (i.end <= i.start) continue;
    byDay[(WEEKDAYS.indexOf(i.day) + 1) % 7]?.push([i.start, i.end]);
  }
  const merged = byDay.map((list) => {
    const out: [number, number][] = [];
    for (const [s, e] of list.sort((a, b) => a[0] - b[0])) {
      const last = out[out.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else out.push([s, e]);
    }
    return out;
  });
  const result: CompiledCalendar = {
    timeZone: calendar.timeZone,
    byDay: merged,
    dates: new Set(calendar.holidays.flatMap((h) => ('date' in h ? [h.date] : []))),
    yearly: new Set(calendar.holidays.flatMap((h) => ('yearly' in h ? [h.yearly] : []))),
  };
  compiled.set(calendar, result);
  return result;
}

function intervalsOfLocalDay(c: CompiledCalendar, day: number) {
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  if (c.dates.has(date) || c.yearly.has(date.slice(5))) return [];
  return c.byDay[new Date(day * DAY).getUTCDay()] ?? [];
}

/**
 * The business intervals from `from` on, in order (`[start, end)` in epoch ms), until none is
 * met within the horizon. Each step runs at one offset: up to the next boundary of the local day,
 * or to the zone's next offset change if one comes first (found by bisection).
 */
export function* businessIntervals(
  calendar: BusinessCalendar,
  from: number,
): Generator<[number, number]> {
  const c = compile(calendar);
  let t = from;
  let lastBusiness = from;
  while (t - lastBusiness < HORIZON) {
    const offset = offsetAt(c.timeZone, t);
    const local = t + offset;
    const day = Math.floor(local / DAY);
    const msOfDay = local - day * DAY;
    let inside = false;
    let boundary = DAY;
    for (const [s, e] of intervalsOfLocalDay(c, day)) {
      if (msOfDay < s * MINUTE) {
        boundary = s * MINUTE;
        break;
      }
      if (msOfDay < e * MINUTE) {
        inside = true;
        boundary = e * MINUTE;
        break;
      }
    }
    let end = t + (boundary - msOfDay);
    if (offsetAt(c.timeZone, end - 1) !== offset) {
      let lo = t;
      let hi = end - 1;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(c.timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      end = hi;
    }
    if (inside) {
      yield [t, end];
      lastBusiness = end;
    }
    t = end;
  }
}

/** The pauses sorted and merged, an unended one last. */
function normalize(pauses: readonly Span[]): { start: number; end: number }[] {
  const sorted = pauses
    .map((p) => ({ start: p.start, end: p.end ?? Number.POSITIVE_INFINITY }))
    .filter((p) => p.end > p.start)
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const p of sorted) {
    const last = out[out.length - 1];
    if (last && p.start <= last.end) last.end = Math.max(last.end, p.end);
    else out.push({ ...p });
  }
  return out;
}

/** `[s, e)` without the (normalized) pauses, in order. */
function* unpaused(s: number, e: number, pauses: { start: number; end: number }[]) {
  let at = s;
  for (const p of pauses) {
    if (p.end <= at) continue;
    if (p.start >= e) break;
    if (p.start > at) yield [at, p.start] as const;
    at = Math.max(at, p.end);
    if (at >= e) return;
  }
  if (at < e) yield [at, e] as const;
}

/**
 * The instant at which `amount` ms of business time outside `pauses` have passed since `start`
 * (the earliest such instant); null when that never happens: the clock stops for good (a pause
 * with no end) or the calendar has no business time left.
 */
export function addBusinessTime(
  calendar: BusinessCalendar,
  start: number,
  amount: number,
  pauses: readonly Span[] = [],
): number | null {
  if (amount <= 0) return start;
  const p = normalize(pauses);
  const stopped = p.find((x) => x.end === Number.POSITIVE_INFINITY)?.start ?? null;
  let remaining = amount;
  for (const [s, e] of businessIntervals(calendar, start)) {
    if (stopped !== null && s >= stopped) return null;
    for (const [a, b] of unpaused(s, e, p)) {
      if (b - a >= remaining) return a + remaining;
      remaining -= b - a;
    }
  }
  return null;
}

/** The business time outside `pauses` in `[from, to)`, in ms. */
export function businessTimeBetween(
  calendar: BusinessCalendar,
  from: number,
  to: number,
  pauses: readonly Span[] = [],
): number {
  const p = normalize(pauses);
  let total = 0;
  for (const [s, e] of businessIntervals(calendar, from)) {
    if (s >= to) break;
    for (const [a, b] of unpaused(s, Math.min(e, to), p)) total += b - a;
    if (e >= to) break;
  }
  return total;
}
