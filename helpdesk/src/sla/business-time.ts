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
/**
 * No walk goes further than this from where it starts: a due time later than that is none. A
 * sparse calendar and a large target (one minute a week, a year of business minutes) would
 * otherwise walk ten thousand years inside a request.
 */
export const WALK_LIMIT = 3653 * DAY;
/**
 * How far one step may jump over days without business time. No zone changes its offset twice
 * within a week, so the check at the step's end finds any change it crosses.
 */
const MAX_JUMP_DAYS = 7;
const WEEK = 7 * DAY;

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

/**
 * Per zone, the offset of each UTC day it keeps one offset through (null: it changes that day).
 * Walks of a zone's calendars meet the same days again and again (every clock of a ticket, every
 * ticket of an organization): a lookup instead of two `Intl` reads. Bounded: every zone's days
 * are forgotten together past `OFFSET_DAYS_KEPT` days in all (a few MB).
 */
const offsetDays = new Map<string, Map<number, number | null>>();
const OFFSET_DAYS_KEPT = 100_000;
let offsetDaysKept = 0;

/** `offsetAt`, through the days known to keep one offset. */
function dayOffsetAt(timeZone: string, t: number): number {
  const day = Math.floor(t / DAY);
  let known = offsetDays.get(timeZone)?.get(day);
  if (known === undefined) {
    // No zone changes its offset twice in a day: the same offset at both ends is the day's.
    const first = offsetAt(timeZone, day * DAY);
    known = offsetAt(timeZone, (day + 1) * DAY - 1) === first ? first : null;
    if (offsetDaysKept >= OFFSET_DAYS_KEPT) {
      offsetDays.clear();
      offsetDaysKept = 0;
    }
    let days = offsetDays.get(timeZone);
    if (!days) {
      days = new Map();
      offsetDays.set(timeZone, days);
    }
    days.set(day, known);
    offsetDaysKept++;
  }
  return known ?? offsetAt(timeZone, t);
}

interface CompiledCalendar {
  readonly timeZone: string;
  /** Sorted, merged intervals per `Date#getUTCDay` (0: Sunday), minutes of the local day. */
  readonly byDay: readonly (readonly [number, number])[][];
  readonly dates: ReadonlySet<string>;
  readonly yearly: ReadonlySet<string>;
  /** The business time of a week without holidays or offset changes, in ms. */
  readonly weekMs: number;
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
    weekMs: merged.flat().reduce((sum, [s, e]) => sum + (e - s) * MINUTE, 0),
    dates: new Set(calendar.holidays.flatMap((h) => ('date' in h ? [h.date] : []))),
    yearly: new Set(calendar.holidays.flatMap((h) => ('yearly' in h ? [h.yearly] : []))),
  };
  compiled.set(calendar, result);
  return result;
}

function isHoliday(c: CompiledCalendar, day: number) {
  if (c.dates.size === 0 && c.yearly.size === 0) return false;
  const date = new Date(day * DAY).toISOString().slice(0, 10);
  return c.dates.has(date) || c.yearly.has(date.slice(5));
}

function intervalsOfLocalDay(c: CompiledCalendar, day: number) {
  if (isHoliday(c, day)) return [];
  return c.byDay[new Date(day * DAY).getUTCDay()] ?? [];
}

/**
 * Offered a whole week `[start, end)` holding `amount` ms of business time (no holiday and no
 * offset change in it: any seven local days of the weekly pattern hold the same): whether the
 * caller counted it, and the walk goes on from `end` without visiting its intervals.
 */
export type WeekSkip = (start: number, end: number, amount: number) => boolean;

/**
 * The business intervals from `from` on, in order (`[start, end)` in epoch ms), until none is
 * met within the horizon or the walk reaches its limit. Each step runs at one offset: up to the
 * next boundary of the local day — past the day's last interval, over the days without any to
 * the next one's start — or to the zone's next offset change if one comes first (bisection).
 */
export function* businessIntervals(
  calendar: BusinessCalendar,
  from: number,
  skipWeek?: WeekSkip,
): Generator<[number, number]> {
  const c = compile(calendar);
  let t = from;
  let lastBusiness = from;
  /** When to offer the next whole week (after a refusal: once this one is walked). */
  let offerFrom = from;
  while (t - lastBusiness < HORIZON && t - from < WALK_LIMIT) {
    const offset = dayOffsetAt(c.timeZone, t);
    const local = t + offset;
    const day = Math.floor(local / DAY);
    if (skipWeek && c.weekMs > 0 && t >= offerFrom) {
      let clean = dayOffsetAt(c.timeZone, t + WEEK - 1) === offset;
      for (let d = day; clean && d <= day + 7; d++) clean = !isHoliday(c, d);
      if (clean && skipWeek(t, t + WEEK, c.weekMs)) {
        t += WEEK;
        lastBusiness = t;
        continue;
      }
      offerFrom = clean ? t + WEEK : t + DAY;
    }
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
    if (!inside && boundary === DAY) {
      for (let ahead = 1; ahead < MAX_JUMP_DAYS; ahead++) {
        const first = intervalsOfLocalDay(c, day + ahead)[0];
        if (first) {
          boundary = ahead * DAY + first[0] * MINUTE;
          break;
        }
        boundary = (ahead + 1) * DAY;
      }
    }
    let end = t + (boundary - msOfDay);
    if (dayOffsetAt(c.timeZone, end - 1) !== offset) {
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

/**
 * The (normalized) pauses, asked about spans that never go back in time: the pauses over before a
 * span are passed once, not again for every later span.
 */
function pauseCursor(pauses: { start: number; end: number }[]) {
  let first = 0;
  const passTo = (s: number) => {
    while (first < pauses.length && (pauses[first]?.end ?? 0) <= s) first++;
  };
  return {
    /** Whether a pause meets `[s, e)`. */
    meets(s: number, e: number): boolean {
      passTo(s);
      return (pauses[first]?.start ?? Number.POSITIVE_INFINITY) < e;
    },
    /** `[s, e)` without the pauses, in order. */
    *cut(s: number, e: number): Generator<readonly [number, number]> {
      passTo(s);
      let at = s;
      for (let i = first; i < pauses.length; i++) {
        const p = pauses[i];
        if (!p || p.start >= e) break;
        if (p.start > at) yield [at, p.start] as const;
        at = Math.max(at, p.end);
        if (at >= e) return;
      }
      if (at < e) yield [at, e] as const;
    },
  };
}

/**
 * The instant at which `amount` ms of business time outside `pauses` have passed since `start`
 * (the earliest such instant); null when that never happens: the clock stops for good (a pause
 * with no end) or the calendar has no business time left — or not by `until`: a clock already
 * met asks only whether it was met late, a walk as long as its wait, not to a far due time.
 */
export function addBusinessTime(
  calendar: BusinessCalendar,
  start: number,
  amount: number,
  pauses: readonly Span[] = [],
  until = Number.POSITIVE_INFINITY,
): number | null {
  if (amount <= 0) return start;
  const p = normalize(pauses);
  const stopped = p.find((x) => x.end === Number.POSITIVE_INFINITY)?.start ?? null;
  const cursor = pauseCursor(p);
  let remaining = amount;
  // A whole week counts at once when the due time lies beyond it, within `until`, and no pause
  // meets it.
  const skipWeek: WeekSkip = (s, e, w) => {
    if (w >= remaining || e > until || cursor.meets(s, e)) return false;
    remaining -= w;
    return true;
  };
  for (const [s, e] of businessIntervals(calendar, start, skipWeek)) {
    if ((stopped !== null && s >= stopped) || s >= until) return null;
    for (const [a, b] of cursor.cut(s, e)) {
      if (b - a >= remaining) return a + remaining <= until ? a + remaining : null;
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
  const cursor = pauseCursor(normalize(pauses));
  let total = 0;
  const skipWeek: WeekSkip = (s, e, w) => {
    if (e > to || cursor.meets(s, e)) return false;
    total += w;
    return true;
  };
  for (const [s, e] of businessIntervals(calendar, from, skipWeek)) {
    if (s >= to) break;
    for (const [a, b] of cursor.cut(s, Math.min(e, to))) total += b - a;
    if (e >= to) break;
  }
  return total;
}
