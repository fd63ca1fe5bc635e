import { type Holiday, offsetAt } from './business-time';
import { type Component, every, first, type Property, parseCalendar } from './ical-content';
import { type FeedFilter, keepsEvent, NO_FILTER } from './ical-filter';
import { fromLocal, parseWallClock, UTC_ZONE, type Zone, zoneResolver } from './ical-zones';

/**
 * The days off an iCalendar file (RFC 5545) names, as the calendar's holidays. Pure and strict:
 * a calendar is whole local days off, so only what says which days is read — each VEVENT's
 * DTSTART/DTEND (or DURATION), STATUS, a yearly RRULE, its EXDATEs and RDATEs — after the feed's
 * filter chose the events (ical-filter.ts). A file that is not iCalendar is refused whole; an
 * event we cannot read exactly (another recurrence, a zone we cannot read, an exception of
 * another value type) is skipped and counted, never guessed at.
 *
 * Why our own parser and not a package: the maintained one (`ical.js`) reads all of RFC 5545 and
 * expands any recurrence without bounds of ours; `node-ical` fetches URLs itself (around our SSRF
 * guard). What we need is small, and what we do not understand must be refused. Zones:
 * ical-zones.ts (IANA, Windows names through CLDR, the file's VTIMEZONE).
 */

export const ICS_LIMITS = {
  /** Events read from one file (the rest: the file is refused). */
  events: 5000,
  /** Holidays one import may give (dated ones from a year ago on, and yearly ones). */
  holidays: 1000,
  /** An event longer than this is no holiday (a term, a season): skipped. */
  eventDays: 31,
  /** A recurrence with COUNT, UNTIL or exceptions is expanded up to this many years ahead. */
  yearsAhead: 5,
  /** EXDATE and RDATE values one event may carry. */
  exceptions: 400,
} as const;

const DAY = 86_400_000;

export type IcsResult =
  | {
      readonly ok: true;
      readonly holidays: Holiday[];
      readonly events: number;
      /** Events skipped (not read exactly), with the first few reasons. */
      readonly skipped: number;
      readonly reasons: string[];
      /** Events the feed's filter left out. */
      readonly filtered: number;
    }
  | { readonly ok: false; readonly error: string };

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A DATE (`20261224`) as UTC midnight of that date, or null. */
function parseDate(v: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDay(t).replaceAll('-', '') === v ? t : null;
}

/** `P1D`, `PT4H30M`, `P1W`: milliseconds, or null. */
function parseDuration(v: string): number | null {
  const m = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(v);
  if (!m || v === 'P' || v.endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  return (((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60 + (s ?? 0)) * 1000;
}

/** What the event's times are read in: the file's zones, and the calendar's own. */
interface Context {
  readonly zoneOf: (tzid: string) => Zone | string;
  /** The calendar's zone: floating times, and the local days a timed event touches. */
  readonly calendarZone: string;
  readonly now: number;
}

/**
 * A DATE-TIME value (`20261224T090000`, `…Z`, or in TZID's zone; floating: the calendar's), as
 * the wall clock in its zone and the instant; or why not.
 */
function dateTime(
  value: string,
  tzid: string | undefined,
  ctx: Context,
): { wall: number; at: number; zone: Zone } | string {
  const utc = value.endsWith('Z');
  const wall = parseWallClock(utc ? value.slice(0, -1) : value);
  if (wall === null) return `unreadable date-time ${value.slice(0, 40)}`;
  if (utc) return { wall, at: wall, zone: UTC_ZONE };
  const zone = ctx.zoneOf(tzid ?? ctx.calendarZone);
  if (typeof zone === 'string') return zone;
  return { wall, at: fromLocal(wall, zone), zone };
}

/** An occurrence: when it starts (an instant, or a date's UTC midnight) and how long it lasts. */
interface Occurrence {
  readonly start: number;
  readonly length: number;
}

/** An event's first occurrence, read: all-day or timed, its wall clock, its zone. */
interface Reading {
  readonly allDay: boolean;
  readonly first: Occurrence;
  /** The wall clock it starts at (the date for an all-day event), for its yearly recurrence. */
  readonly wall: number;
  readonly zone: Zone;
}

function readStart(e: Component, ctx: Context): Reading | string {
  const start = first(e, 'DTSTART');
  if (!start) return 'no DTSTART';
  const end = first(e, 'DTEND');
  const duration = first(e, 'DURATION');
  const allDay = start.params.VALUE === 'DATE' || /^\d{8}$/.test(start.value);
  const lengthBy = (s: number, parseEnd: (p: Property) => number | string): number | string => {
    if (end) {
      const e = parseEnd(end);
      return typeof e === 'string' ? e : e - s;
    }
    if (!duration) return allDay ? DAY : 0;
    return parseDuration(duration.value) ?? `unreadable DURATION ${duration.value.slice(0, 40)}`;
  };
  if (allDay) {
    const s = parseDate(start.value);
    if (s === null) return `unreadable DTSTART ${start.value.slice(0, 40)}`;
    const length = lengthBy(
      s,
      (p) => parseDate(p.value) ?? `unreadable DTEND ${p.value.slice(0, 40)}`,
    );
    if (typeof length === 'string') return length;
    return { allDay, first: { start: s, length }, wall: s, zone: UTC_ZONE };
  }
  const s = dateTime(start.value, start.params.TZID, ctx);
  if (typeof s === 'string') return s;
  const length = lengthBy(s.at, (p) => {
    const e = dateTime(p.value, p.params.TZID, ctx);
    return typeof e === 'string' ? e : e.at;
  });
  if (typeof length === 'string') return length;
  return { allDay, first: { start: s.at, length }, wall: s.wall, zone: s.zone };
}

/** The local dates (UTC midnights) an occurrence covers in the calendar's zone, or why none. */
function daysOf(o: Occurrence, allDay: boolean, ctx: Context): number[] | string {
  let firstDay: number;
  let lastDay: number;
  if (allDay) {
    firstDay = o.start;
    lastDay = Math.max(o.start, o.start + o.length - DAY);
  } else {
    // A timed event closes each local day it touches, whole: the calendar's holidays are days.
    const localDay = (t: number) => Math.floor((t + offsetAt(ctx.calendarZone, t)) / DAY) * DAY;
    firstDay = localDay(o.start);
    lastDay = Math.max(firstDay, localDay(Math.max(o.start, o.start + o.length - 1)));
  }
  if (o.length < 0) return 'ends before it starts';
  if ((lastDay - firstDay) / DAY + 1 > ICS_LIMITS.eventDays)
    return `longer than ${ICS_LIMITS.eventDays} days`;
  const days: number[] = [];
  for (let t = firstDay; t <= lastDay; t += DAY) days.push(t);
  return days;
}

/**
 * A yearly RRULE: `null` for none, `{every}` (every year, unbounded), `{years}` (the years a
 * bounded one covers from two years back to `yearsAhead`), or why it is not read.
 */
function yearlyRule(
  rule: Property | undefined,
  wall: number,
  now: number,
): { every: true } | { years: number[] } | null | string {
  if (!rule) return null;
  const parts = new Map<string, string>();
  for (const part of rule.value.split(';')) {
    const [k = '', v = ''] = part.split('=');
    parts.set(k.toUpperCase(), v.toUpperCase());
  }
  if (parts.get('FREQ') !== 'YEARLY') return `RRULE FREQ=${(parts.get('FREQ') ?? '').slice(0, 10)}`;
  const start = new Date(wall);
  for (const [k, v] of parts) {
    const fine =
      k === 'FREQ' ||
      k === 'WKST' ||
      k === 'COUNT' ||
      k === 'UNTIL' ||
      (k === 'INTERVAL' && v === '1') ||
      (k === 'BYMONTH' && Number(v) === start.getUTCMonth() + 1) ||
      (k === 'BYMONTHDAY' && Number(v) === start.getUTCDate());
    if (!fine) return `RRULE ${k}=${v.slice(0, 20)}`;
  }
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  if (count === undefined && until === undefined) return { every: true };
  const untilDay = until === undefined ? null : parseDate(until.slice(0, 8));
  if (until !== undefined && untilDay === null) return `RRULE UNTIL=${until.slice(0, 20)}`;
  const n = count === undefined ? Number.POSITIVE_INFINITY : Number(count);
  if (!Number.isInteger(n) || n < 1) return `RRULE COUNT=${(count ?? '').slice(0, 10)}`;
  const years: number[] = [];
  // The occurrences more than a year back are counted, not listed (none of them is kept): a rule
  // from year 100 costs its recent years, not nineteen centuries of each of its days.
  const firstYear = start.getUTCFullYear();
  const from = Math.max(firstYear, new Date(now).getUTCFullYear() - 2);
  let left = n - (from - firstYear);
  for (let y = from; y <= yearsUntil(now) && left > 0; y++, left--) {
    if (untilDay !== null && Date.UTC(y, start.getUTCMonth(), start.getUTCDate()) > untilDay) break;
    years.push(y);
  }
  return { years };
}

const yearsUntil = (now: number) => new Date(now).getUTCFullYear() + ICS_LIMITS.yearsAhead;

/** Every year an unbounded rule covers within the window (it has exceptions to apply). */
function windowYears(wall: number, now: number): number[] {
  const years: number[] = [];
  const from = Math.max(new Date(wall).getUTCFullYear(), new Date(now).getUTCFullYear() - 2);
  for (let y = from; y <= yearsUntil(now); y++) years.push(y);
  return years;
}

/** The occurrence of year `y` of a yearly event (null: no such day that year, 29 February). */
function occurrenceIn(y: number, r: Reading): Occurrence | null {
  const d = new Date(r.wall);
  const wall = Date.UTC(
    y,
    d.getUTCMonth(),
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
  );
  if (new Date(wall).getUTCDate() !== d.getUTCDate()) return null;
  return { start: r.allDay ? wall : fromLocal(wall, r.zone), length: r.first.length };
}

/**
 * The values of an event's EXDATE or RDATE lines, each as an occurrence's start (RDATE's PERIOD:
 * with its own length), in the event's value type: a date for an all-day event, an instant for a
 * timed one. Another type is a reason: which occurrence it names would be a guess.
 */
function exceptionDates(
  e: Component,
  name: 'EXDATE' | 'RDATE',
  r: Reading,
  ctx: Context,
): Occurrence[] | string {
  const found: Occurrence[] = [];
  for (const p of every(e, name)) {
    const type = p.params.VALUE ?? (/^\d{8}(,|$)/.test(p.value) ? 'DATE' : 'DATE-TIME');
    for (const v of p.value.split(',')) {
      if (found.length >= ICS_LIMITS.exceptions)
        return `more than ${ICS_LIMITS.exceptions} ${name}s`;
      if (r.allDay) {
        const day = type === 'DATE' ? parseDate(v) : null;
        if (day === null) return `${name} ${v.slice(0, 30)} on an all-day event`;
        found.push({ start: day, length: r.first.length });
        continue;
      }
      if (type === 'DATE') return `${name} ${v.slice(0, 30)} (a date) on a timed event`;
      const [from = '', to] = type === 'PERIOD' ? v.split('/') : [v];
      const s = dateTime(from, p.params.TZID, ctx);
      if (typeof s === 'string') return s;
      let length = r.first.length;
      if (to !== undefined) {
        const period = to.startsWith('P') ? parseDuration(to) : null;
        const end = period === null ? dateTime(to, p.params.TZID, ctx) : null;
        if (period !== null) length = period;
        else if (end !== null && typeof end !== 'string') length = end.at - s.at;
        else return `unreadable ${name} period ${v.slice(0, 40)}`;
      }
      found.push({ start: s.at, length });
    }
  }
  return found;
}

/** An event's days off: MM-DD every year, and dated ones; or why it is skipped. */
function eventHolidays(e: Component, ctx: Context): { yearly: string[]; dated: string[] } | string {
  const r = readStart(e, ctx);
  if (typeof r === 'string') return r;
  const firstDays = daysOf(r.first, r.allDay, ctx);
  if (typeof firstDays === 'string') return firstDays;
  const rule = yearlyRule(first(e, 'RRULE'), r.wall, ctx.now);
  if (typeof rule === 'string') return rule;
  const excluded = exceptionDates(e, 'EXDATE', r, ctx);
  if (typeof excluded === 'string') return excluded;
  const added = exceptionDates(e, 'RDATE', r, ctx);
  if (typeof added === 'string') return added;

  const yearly: string[] = [];
  const occurrences: Occurrence[] = [];
  if (rule && 'every' in rule && excluded.length === 0)
    // Every year, no exception: its days as MM-DD, kept however long the calendar lives.
    yearly.push(...firstDays.map((d) => isoDay(d).slice(5)));
  else if (rule) {
    const years = 'every' in rule ? windowYears(r.wall, ctx.now) : rule.years;
    for (const y of years) {
      const o = occurrenceIn(y, r);
      if (o) occurrences.push(o);
    }
  } else occurrences.push(r.first);
  occurrences.push(...added);

  const gone = new Set(excluded.map((x) => x.start));
  const dated: string[] = [];
  for (const o of occurrences) {
    if (gone.has(o.start)) continue;
    const days = daysOf(o, r.allDay, ctx);
    if (typeof days === 'string') return days;
    dated.push(...days.map(isoDay));
  }
  return { yearly, dated };
}

/**
 * The holidays of an iCalendar file (its bytes as fetched, or text), read in `timeZone` (the
 * calendar's), of the events `filter` keeps: dated ones from a year before `now` on, yearly ones as `MM-DD`; sorted, each once.
 */
export function holidaysFromIcs(
  file: string | Uint8Array,
  timeZone: string,
  now: number,
  filter: FeedFilter = NO_FILTER,
): IcsResult {
  const parsed = parseCalendar(file, ICS_LIMITS.events);
  if (!parsed.ok) return parsed;
  const { calendar } = parsed;
  const ctx: Context = { zoneOf: zoneResolver(calendar), calendarZone: timeZone, now };
  const events = calendar.children.filter((c) => c.name === 'VEVENT');

  const dated = new Set<string>();
  const yearly = new Set<string>();
  const reasons: string[] = [];
  let skipped = 0;
  let filtered = 0;
  const since = isoDay(now - 366 * DAY);
  for (const e of events) {
    if (first(e, 'STATUS')?.value.toUpperCase() === 'CANCELLED') continue;
    if (!keepsEvent(filter, e)) {
      filtered++;
      continue;
    }
    const found = eventHolidays(e, ctx);
    if (typeof found === 'string') {
      skipped++;
      if (reasons.length < 5 && !reasons.includes(found)) reasons.push(found);
      continue;
    }
    for (const md of found.yearly) yearly.add(md);
    for (const date of found.dated) if (date >= since) dated.add(date);
    // Refused as soon as it is too many, not after expanding every event.
    if (dated.size + yearly.size > ICS_LIMITS.holidays)
      return { ok: false, error: `more than ${ICS_LIMITS.holidays} holidays` };
  }
  const holidays: Holiday[] = [
    ...[...yearly].sort().map((md) => ({ yearly: md })),
    ...[...dated].sort().map((date) => ({ date })),
  ];
  return { ok: true, holidays, events: events.length, skipped, reasons, filtered };
}
