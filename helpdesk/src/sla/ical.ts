import { type Holiday, isTimeZone, offsetAt } from './business-time';

/**
 * The days off an iCalendar file (RFC 5545) names, as the calendar's holidays. Pure and strict:
 * a calendar is whole local days off, so only what says which days is read — each VEVENT's
 * DTSTART/DTEND (or DURATION), STATUS and a yearly RRULE. A file that is not iCalendar is refused
 * whole; an event we cannot read exactly (another recurrence, an unknown zone) is skipped and
 * counted, never guessed at.
 *
 * Why our own ~200 lines and not a package: the maintained parser (`ical.js`) reads all of
 * RFC 5545 and expands any recurrence without bounds of ours; `node-ical` fetches URLs itself
 * (around our SSRF guard). What we need is small, and what we do not understand must be refused.
 */

export const ICS_LIMITS = {
  /** Events read from one file (the rest: the file is refused). */
  events: 5000,
  /** Holidays one import may give (dated ones from a year ago on, and yearly ones). */
  holidays: 1000,
  /** An event longer than this is no holiday (a term, a season): skipped. */
  eventDays: 31,
  /** A recurrence with COUNT or UNTIL is expanded up to this many years ahead. */
  yearsAhead: 5,
} as const;

const DAY = 86_400_000;

export type IcsResult =
  | {
      readonly ok: true;
      readonly holidays: Holiday[];
      readonly events: number;
      /** Events skipped, with the first few reasons. */
      readonly skipped: number;
      readonly reasons: string[];
    }
  | { readonly ok: false; readonly error: string };

interface Property {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
}

/** `NAME;P=v;Q="a:b":value` → its parts, or null when it is not a content line. */
function contentLine(line: string): Property | null {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const [name = '', ...rawParams] = line.slice(0, colon).split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  if (!/^[A-Za-z0-9-]+$/.test(name)) return null;
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq <= 0) return null;
    params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

/** Lines unfolded (a line starting with a space or a tab continues the one before). */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0)
      lines[lines.length - 1] += raw.slice(1);
    else if (raw !== '') lines.push(raw);
  }
  return lines;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A DATE (`20261224`) as UTC midnight of that date, or null. */
function parseDate(v: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return isoDay(t).replaceAll('-', '') === v ? t : null;
}

/** The instant a wall-clock time in `zone` names (the earlier one when the clocks go back). */
function fromLocal(localAsUtc: number, zone: string): number {
  const guess = localAsUtc - offsetAt(zone, localAsUtc);
  return localAsUtc - offsetAt(zone, guess);
}

/** A DATE-TIME in UTC, in TZID's zone, or floating (the calendar's own zone); or null. */
function parseDateTime(p: Property, calendarZone: string): number | string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(p.value);
  if (!m) return `unreadable ${p.name} ${p.value.slice(0, 40)}`;
  const day = parseDate(`${m[1]}${m[2]}${m[3]}`);
  if (day === null || Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 60)
    return `unreadable ${p.name} ${p.value.slice(0, 40)}`;
  const local = day + ((Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6])) * 1000;
  if (m[7] === 'Z') return local;
  const zone = p.params.TZID ?? calendarZone;
  if (!isTimeZone(zone)) return `unknown time zone ${zone.slice(0, 40)}`;
  return fromLocal(local, zone);
}

/** `P1D`, `PT4H30M`, `P1W`: milliseconds, or null. */
function parseDuration(v: string): number | null {
  const m = /^\+?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(v);
  if (!m || v === 'P' || v.endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  return (((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60 + (s ?? 0)) * 1000;
}

/** The local dates (UTC midnights) an event covers, or why it is skipped. */
function eventDays(props: Map<string, Property>, zone: string): number[] | string {
  const start = props.get('DTSTART');
  if (!start) return 'no DTSTART';
  const end = props.get('DTEND');
  const duration = props.get('DURATION');
  const allDay = start.params.VALUE === 'DATE' || /^\d{8}$/.test(start.value);
  let first: number;
  let last: number;
  if (allDay) {
    const s = parseDate(start.value);
    if (s === null) return `unreadable DTSTART ${start.value.slice(0, 40)}`;
    let e = s + DAY;
    if (end) {
      const parsed = parseDate(end.value);
      if (parsed === null) return `unreadable DTEND ${end.value.slice(0, 40)}`;
      e = parsed;
    } else if (duration) {
      const d = parseDuration(duration.value);
      if (d === null) return `unreadable DURATION ${duration.value.slice(0, 40)}`;
      e = s + d;
    }
    first = s;
    last = Math.max(s, e - DAY);
  } else {
    const s = parseDateTime(start, zone);
    if (typeof s === 'string') return s;
    let e = s;
    if (end) {
      const parsed = parseDateTime(end, zone);
      if (typeof parsed === 'string') return parsed;
      e = parsed;
    } else if (duration) {
      const d = parseDuration(duration.value);
      if (d === null) return `unreadable DURATION ${duration.value.slice(0, 40)}`;
      e = s + d;
    }
    // A timed event closes each local day it touches, whole: the calendar's holidays are days.
    const localDay = (t: number) => Math.floor((t + offsetAt(zone, t)) / DAY) * DAY;
    first = localDay(s);
    last = Math.max(first, localDay(Math.max(s, e - 1)));
  }
  if (last < first) return 'ends before it starts';
  if ((last - first) / DAY + 1 > ICS_LIMITS.eventDays)
    return `longer than ${ICS_LIMITS.eventDays} days`;
  const days: number[] = [];
  for (let t = first; t <= last; t += DAY) days.push(t);
  return days;
}

/**
 * A yearly RRULE: `null` for none, `{years}` (every year, or the years it covers when bounded),
 * or why it is not read.
 */
function yearlyRule(
  rule: Property | undefined,
  firstDay: number,
  now: number,
): { every: true } | { years: number[] } | null | string {
  if (!rule) return null;
  const parts = new Map<string, string>();
  for (const part of rule.value.split(';')) {
    const [k = '', v = ''] = part.split('=');
    parts.set(k.toUpperCase(), v.toUpperCase());
  }
  if (parts.get('FREQ') !== 'YEARLY') return `RRULE FREQ=${(parts.get('FREQ') ?? '').slice(0, 10)}`;
  const start = new Date(firstDay);
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
  const lastYear = new Date(now).getUTCFullYear() + ICS_LIMITS.yearsAhead;
  // The occurrences more than a year back are counted, not listed (none of them is kept): a rule
  // from year 100 costs its recent years, not nineteen centuries of each of its days.
  const firstYear = start.getUTCFullYear();
  const from = Math.max(firstYear, new Date(now).getUTCFullYear() - 2);
  let left = n - (from - firstYear);
  for (let y = from; y <= lastYear && left > 0; y++, left--) {
    const day = Date.UTC(y, start.getUTCMonth(), start.getUTCDate());
    if (untilDay !== null && day > untilDay) break;
    years.push(y);
  }
  return { years };
}

/**
 * The holidays of an iCalendar file, read in `timeZone` (the calendar's): dated ones from a
 * year before `now` on, yearly ones as `MM-DD`; sorted, each once.
 */
export function holidaysFromIcs(text: string, timeZone: string, now: number): IcsResult {
  const lines = unfold(text);
  if (lines[0]?.toUpperCase() !== 'BEGIN:VCALENDAR')
    return { ok: false, error: 'not an iCalendar file (no BEGIN:VCALENDAR)' };
  const stack: string[] = [];
  let event: Map<string, Property> | null = null;
  const events: Map<string, Property>[] = [];
  for (const [i, line] of lines.entries()) {
    const p = contentLine(line);
    if (!p) return { ok: false, error: `line ${i + 1} is not an iCalendar content line` };
    if (p.name === 'BEGIN') {
      stack.push(p.value.toUpperCase());
      if (p.value.toUpperCase() === 'VEVENT' && stack.length === 2) event = new Map();
      if (stack.length > 8) return { ok: false, error: 'components nested too deep' };
    } else if (p.name === 'END') {
      if (stack.pop() !== p.value.toUpperCase())
        return { ok: false, error: `line ${i + 1}: END:${p.value.slice(0, 20)} closes nothing` };
      if (event && stack.length === 1) {
        events.push(event);
        event = null;
        if (events.length > ICS_LIMITS.events)
          return { ok: false, error: `more than ${ICS_LIMITS.events} events` };
      }
      if (stack.length === 0 && i !== lines.length - 1)
        return { ok: false, error: 'content after END:VCALENDAR' };
    } else if (event && stack.length === 2 && !event.has(p.name)) event.set(p.name, p);
  }
  if (stack.length !== 0) return { ok: false, error: 'the file ends inside a component' };

  const dated = new Set<string>();
  const yearly = new Set<string>();
  const reasons: string[] = [];
  let skipped = 0;
  const skip = (reason: string) => {
    skipped++;
    if (reasons.length < 5 && !reasons.includes(reason)) reasons.push(reason);
  };
  const since = isoDay(now - 366 * DAY);
  for (const e of events) {
    if (e.get('STATUS')?.value.toUpperCase() === 'CANCELLED') continue;
    const days = eventDays(e, timeZone);
    if (typeof days === 'string') {
      skip(days);
      continue;
    }
    const rule = yearlyRule(e.get('RRULE'), days[0] as number, now);
    if (typeof rule === 'string') {
      skip(rule);
      continue;
    }
    const firstYear = new Date(days[0] as number).getUTCFullYear();
    // Refused as soon as it is too many, not after expanding every event.
    if (dated.size + yearly.size > ICS_LIMITS.holidays)
      return { ok: false, error: `more than ${ICS_LIMITS.holidays} holidays` };
    for (const day of days) {
      const date = isoDay(day);
      if (rule && 'every' in rule) yearly.add(date.slice(5));
      else
        for (const y of rule ? rule.years : [firstYear]) {
          // Each occurrence is the event moved by whole years (a span may cross New Year).
          const shifted = `${Number(date.slice(0, 4)) + y - firstYear}${date.slice(4)}`;
          // 29 February of a year without one is not a day.
          if (parseDate(shifted.replaceAll('-', '')) !== null && shifted >= since)
            dated.add(shifted);
        }
    }
  }
  const holidays: Holiday[] = [
    ...[...yearly].sort().map((md) => ({ yearly: md })),
    ...[...dated].sort().map((date) => ({ date })),
  ];
  if (holidays.length > ICS_LIMITS.holidays)
    return { ok: false, error: `more than ${ICS_LIMITS.holidays} holidays` };
  return { ok: true, holidays, events: events.length, skipped, reasons };
}
