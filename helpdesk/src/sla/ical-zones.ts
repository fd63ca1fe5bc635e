import windowsZones from 'cldr-core/supplemental/windowsZones.json';
import { isTimeZone, offsetAt } from './business-time';
import { type Component, every, first, type Property } from './ical-content';

/**
 * The zones a TZID may name, read exactly or not at all (RFC 5545 §3.2.19, §3.6.5):
 * 1. an IANA name (`Europe/Berlin`: Google, Apple) — the zone database Bun ships;
 * 2. a Windows name (`W. Europe Standard Time`: Outlook and Exchange always write these) —
 *    mapped to its IANA zone by CLDR's windowsZones table (the `cldr-core` package, the Unicode
 *    consortium's own publication of it; the territory `001` row is the zone CLDR names for it);
 * 3. any other name — the file's own VTIMEZONE of that TZID (`(UTC+01:00) Amsterdam, Berlin…`,
 *    `/mozilla.org/…/Europe/Berlin`), when its observances are in the shape we read: a fixed
 *    offset, or yearly changes on the nth (or last) weekday of a month.
 * Anything else is a reason: the events in it are skipped and counted.
 */

export interface Zone {
  /** The offset from UTC at instant `t`, in milliseconds. */
  offsetAt(t: number): number;
}

export const UTC_ZONE: Zone = { offsetAt: () => 0 };

const DAY = 86_400_000;
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** Windows zone name → IANA zone, from CLDR (`001`: the zone for the name as a whole). */
const windowsToIana = new Map<string, string>();
for (const { mapZone } of windowsZones.supplemental.windowsZones.mapTimezones)
  if (mapZone._territory === '001') windowsToIana.set(mapZone._other, mapZone._type);

/** The IANA zone CLDR names for a Windows zone name, if it is one. */
export const ianaOfWindowsZone = (name: string): string | undefined => windowsToIana.get(name);

const ianaZone = (name: string): Zone => ({ offsetAt: (t) => offsetAt(name, t) });

/** `+0100`, `-0530`, `+013045`: milliseconds, or null. */
function parseOffset(v: string): number | null {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(v);
  if (!m || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  const ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] === '-' ? -ms : ms;
}

/** A local `YYYYMMDDTHHMMSS` as the UTC milliseconds of the same wall clock, or null. */
export function parseWallClock(v: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return null;
  if (h > 23 || mi > 59 || s > 60) return null;
  return t;
}

/** The `n`th (`-1`: last) `weekday` of a month, as the UTC midnight of that date. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number | null {
  if (n > 0) {
    const firstDay = Date.UTC(year, month, 1);
    const shift = (weekday - new Date(firstDay).getUTCDay() + 7) % 7;
    const day = firstDay + (shift + (n - 1) * 7) * DAY;
    return new Date(day).getUTCMonth() === month ? day : null;
  }
  const lastDay = Date.UTC(year, month + 1, 0);
  const shift = (new Date(lastDay).getUTCDay() - weekday + 7) % 7;
  const day = lastDay - (shift + (-n - 1) * 7) * DAY;
  return new Date(day).getUTCMonth() === month ? day : null;
}

/** When in a year an observance begins (local wall clock), or null for a year it does not. */
type YearlyOnset = (year: number) => number | null;

/**
 * An observance's yearly RRULE in the shapes zone data has: `BYMONTH=m;BYDAY=2SU` (or `-1SU`),
 * or `BYMONTH=m;BYDAY=SU;BYMONTHDAY=8,9,…,14`; `UNTIL`/`COUNT` bound it. Or why not.
 */
function yearlyOnset(rule: Property, start: number): YearlyOnset | string {
  const parts = new Map<string, string>();
  for (const part of rule.value.toUpperCase().split(';')) {
    const [k = '', v = ''] = part.split('=');
    parts.set(k, v);
  }
  const unread = [...parts.keys()].filter(
    (k) =>
      !['FREQ', 'INTERVAL', 'BYMONTH', 'BYDAY', 'BYMONTHDAY', 'UNTIL', 'COUNT', 'WKST'].includes(k),
  );
  const month = Number(parts.get('BYMONTH')) - 1;
  const byDay = /^([+-]?\d)?(SU|MO|TU|WE|TH|FR|SA)$/.exec(parts.get('BYDAY') ?? '');
  if (
    parts.get('FREQ') !== 'YEARLY' ||
    (parts.get('INTERVAL') ?? '1') !== '1' ||
    unread.length > 0 ||
    !(month >= 0 && month <= 11) ||
    !byDay
  )
    return `VTIMEZONE RRULE ${rule.value.slice(0, 40)}`;
  const weekday = WEEKDAYS.indexOf(byDay[2] ?? '');
  const monthDays = parts.get('BYMONTHDAY')?.split(',').map(Number);
  const ordinal = byDay[1] === undefined ? null : Number(byDay[1]);
  if ((ordinal === null) === (monthDays === undefined) || ordinal === 0)
    return `VTIMEZONE RRULE ${rule.value.slice(0, 40)}`;
  const untilText = parts.get('UNTIL');
  const until = untilText === undefined ? null : parseWallClock(untilText.replace(/Z$/, ''));
  if (untilText !== undefined && until === null) return `VTIMEZONE RRULE UNTIL ${untilText}`;
  const count = parts.has('COUNT') ? Number(parts.get('COUNT')) : null;
  const firstYear = new Date(start).getUTCFullYear();
  const timeOfDay = start - Math.floor(start / DAY) * DAY;
  return (year) => {
    if (year < firstYear || (count !== null && year >= firstYear + count)) return null;
    let day: number | null = null;
    if (ordinal !== null) day = nthWeekday(year, month, weekday, ordinal);
    else
      for (const d of monthDays ?? []) {
        const t = Date.UTC(year, month, d);
        if (new Date(t).getUTCMonth() === month && new Date(t).getUTCDay() === weekday) {
          day = t;
          break;
        }
      }
    if (day === null) return null;
    const onset = day + timeOfDay;
    return until !== null && onset > until ? null : onset;
  };
}

interface Observance {
  /** Its DTSTART: its first onset (local wall clock). */
  readonly start: number;
  /** The offsets before and from its onsets. */
  readonly from: number;
  readonly to: number;
  /** Its onsets that do not recur (DTSTART without RRULE, RDATEs): local wall clock. */
  readonly fixed: number[];
  readonly yearly: YearlyOnset | null;
}

/** A VTIMEZONE's observances read into an offset function, or why it cannot be read. */
function vtimezoneZone(tz: Component): Zone | string {
  const observances: Observance[] = [];
  for (const o of tz.children) {
    if (o.name !== 'STANDARD' && o.name !== 'DAYLIGHT') continue;
    const start = parseWallClock(first(o, 'DTSTART')?.value ?? '');
    const from = parseOffset(first(o, 'TZOFFSETFROM')?.value ?? '');
    const to = parseOffset(first(o, 'TZOFFSETTO')?.value ?? '');
    if (start === null || from === null || to === null) return 'unreadable VTIMEZONE observance';
    const rule = first(o, 'RRULE');
    const yearly = rule ? yearlyOnset(rule, start) : null;
    if (typeof yearly === 'string') return yearly;
    const fixed = rule ? [] : [start];
    for (const rdate of every(o, 'RDATE'))
      for (const v of rdate.value.split(',')) {
        const t = parseWallClock(v);
        if (t === null) return `VTIMEZONE RDATE ${v.slice(0, 30)}`;
        fixed.push(t);
      }
    observances.push({ start, from, to, fixed, yearly });
  }
  if (observances.length === 0) return 'VTIMEZONE without observances';
  const earliest = observances.reduce((a, b) => (a.start <= b.start ? a : b));
  return {
    offsetAt(t) {
      // The latest onset at or before t (an onset's wall clock is in the offset before it).
      const year = new Date(t).getUTCFullYear();
      let best: { at: number; to: number } | null = null;
      for (const o of observances) {
        const onsets = [...o.fixed];
        if (o.yearly)
          for (const y of [year - 1, year, year + 1]) {
            const local = o.yearly(y);
            if (local !== null) onsets.push(local);
          }
        for (const local of onsets) {
          const at = local - o.from;
          if (at <= t && (best === null || at > best.at)) best = { at, to: o.to };
        }
      }
      // Before every onset: the offset before the first observance began.
      return best?.to ?? earliest.from;
    },
  };
}

/**
 * The zones a file's TZIDs may name: resolved once per name, a name that cannot be read
 * answered with the reason.
 */
export function zoneResolver(calendar: Component): (tzid: string) => Zone | string {
  const own = new Map<string, Component>();
  for (const c of calendar.children)
    if (c.name === 'VTIMEZONE') {
      const id = first(c, 'TZID')?.value;
      if (id !== undefined && !own.has(id)) own.set(id, c);
    }
  const resolved = new Map<string, Zone | string>();
  return (tzid) => {
    let zone = resolved.get(tzid);
    if (zone === undefined) {
      const windows = ianaOfWindowsZone(tzid);
      const vtimezone = own.get(tzid);
      if (isTimeZone(tzid)) zone = ianaZone(tzid);
      else if (windows && isTimeZone(windows)) zone = ianaZone(windows);
      else if (vtimezone) zone = vtimezoneZone(vtimezone);
      else zone = `unknown time zone ${tzid.slice(0, 40)}`;
      resolved.set(tzid, zone);
    }
    return zone;
  };
}

/** The instant a wall-clock time in `zone` names (the earlier one when the clocks go back). */
export function fromLocal(localAsUtc: number, zone: Zone): number {
  const guess = localAsUtc - zone.offsetAt(localAsUtc);
  return localAsUtc - zone.offsetAt(guess);
}
