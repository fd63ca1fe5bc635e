import { describe, expect, test } from 'bun:test';
import { addBusinessTime, type BusinessCalendar, type Holiday, MINUTE } from './business-time';
import { holidaysFromIcs } from './ical';
import { type FeedFilter, NO_FILTER } from './ical-filter';

/*
 * Feeds in the shapes Google Calendar, Outlook/Exchange and Apple Calendar publish them (their
 * properties, zones and quirks; CRLF, folded at 75 octets — a fold may split a UTF-8 character),
 * read into a Berlin office calendar, and a ticket's due time across Easter 2027 checked against
 * a hand calculation. Easter weekend 2027 holds the clocks going forward (Sunday 28 March, 02:00
 * CET → 03:00 CEST), Good Friday (26 March) and Easter Monday (29 March).
 *
 * The hand calculation: Monday to Friday 09:00–17:00, a ticket opened Thursday 25 March 2027 at
 * 15:00 CET (14:00Z) with an 8-hour target: 2 hours that Thursday; Friday and Monday are holidays;
 * Tuesday 30 March from 09:00 CEST (07:00Z) the other 6 → due 15:00 CEST = 13:00Z.
 */

const NOW = Date.UTC(2026, 10, 23, 12);
const OPENED = Date.UTC(2027, 2, 25, 14);
const DUE = '2027-03-30T13:00:00.000Z';

/** CRLF lines folded at 75 octets, as the vendors write them (UTF-8 split where it falls). */
function feed(lines: string[]): Uint8Array {
  const out: number[] = [];
  const crlf = [0x0d, 0x0a];
  for (const line of lines) {
    const bytes = new TextEncoder().encode(line);
    out.push(...bytes.subarray(0, 75));
    for (let i = 75; i < bytes.length; i += 74)
      out.push(...crlf, 0x20, ...bytes.subarray(i, i + 74));
    out.push(...crlf);
  }
  return new Uint8Array(out);
}

function dueTime(holidays: Holiday[]): string {
  const office: BusinessCalendar = {
    timeZone: 'Europe/Berlin',
    weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
      day,
      start: 9 * 60,
      end: 17 * 60,
    })),
    holidays,
  };
  const due = addBusinessTime(office, OPENED, 8 * 60 * MINUTE);
  return due === null ? 'never' : new Date(due).toISOString();
}

function read(file: Uint8Array, filter: FeedFilter = NO_FILTER) {
  const r = holidaysFromIcs(file, 'Europe/Berlin', NOW, filter);
  if (!r.ok) throw new Error(r.error);
  return r;
}

const dates = (holidays: Holiday[]) => holidays.map((h) => ('date' in h ? h.date : h.yearly));

const googleEvent = (date: string, next: string, summary: string, kind: string, uid: string) => [
  'BEGIN:VEVENT',
  `DTSTART;VALUE=DATE:${date}`,
  `DTEND;VALUE=DATE:${next}`,
  'DTSTAMP:20261122T101734Z',
  `UID:${date}_${uid}@google.com`,
  'CLASS:PUBLIC',
  'CREATED:20250930T162310Z',
  `DESCRIPTION:${kind}\\nTo hide observances\\, go to Google Calendar Settings > Holidays in Germany`,
  'LAST-MODIFIED:20250930T162310Z',
  'SEQUENCE:0',
  'STATUS:CONFIRMED',
  `SUMMARY:${summary}`,
  'TRANSP:TRANSPARENT',
  'END:VEVENT',
];

/** Google's "Holidays in Germany": public holidays beside observances, every one transparent. */
const GOOGLE = feed([
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  'CALSCALE:GREGORIAN',
  'METHOD:PUBLISH',
  'X-WR-CALNAME:Holidays in Germany',
  'X-WR-TIMEZONE:UTC',
  'X-WR-CALDESC:Holidays and Observances in Germany',
  ...googleEvent('20261231', '20270101', "New Year's Eve", 'Observance', '1ce3b3eb'),
  ...googleEvent('20270101', '20270102', "New Year's Day", 'Public holiday', '60o30d9h'),
  ...googleEvent('20270208', '20270209', 'Carnival Monday', 'Observance', '60o32c1g'),
  ...googleEvent('20270308', '20270309', "International Women's Day", 'Observance', '6co30c9g'),
  ...googleEvent('20270325', '20270326', 'Maundy Thursday', 'Observance', '64o3ac1l'),
  ...googleEvent('20270326', '20270327', 'Good Friday', 'Public holiday', '64o3ac1m'),
  ...googleEvent('20270328', '20270329', 'Easter Sunday', 'Observance', '64o3ac1n'),
  ...googleEvent('20270329', '20270330', 'Easter Monday', 'Public holiday', '64o3ac1o'),
  'END:VCALENDAR',
]);

/** The VTIMEZONE Outlook writes for a Windows zone (observances since 1601). */
const outlookZone = (tzid: string) => [
  'BEGIN:VTIMEZONE',
  `TZID:${tzid}`,
  'BEGIN:STANDARD',
  'DTSTART:16010101T030000',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

const DESKTOP_ZONE = '(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien';

const outlookEvent = (summary: string, category: string, start: string, end: string) => [
  'BEGIN:VEVENT',
  'CLASS:PUBLIC',
  'CREATED:20261101T093012Z',
  'DESCRIPTION:\\n',
  start,
  end,
  'DTSTAMP:20261122T101010Z',
  'LAST-MODIFIED:20261101T093012Z',
  'PRIORITY:5',
  'SEQUENCE:0',
  `SUMMARY;LANGUAGE=de-DE:${summary}`,
  'TRANSP:OPAQUE',
  `UID:040000008200E00074C5B7101A82E0080000000010F1F4F3C45EDB01000000000000000010000000${summary.length}`,
  `CATEGORIES:${category}`,
  'X-MICROSOFT-CDO-BUSYSTATUS:OOF',
  'X-MICROSOFT-CDO-IMPORTANCE:1',
  'X-MICROSOFT-DISALLOW-COUNTER:FALSE',
  'END:VEVENT',
];

/**
 * Outlook/Exchange: timed events in a Windows zone (unquoted), and one in the kind of name Outlook
 * for Windows writes (quoted: it holds commas), each with its VTIMEZONE; someone's leave beside
 * the company's holidays.
 */
const OUTLOOK = feed([
  'BEGIN:VCALENDAR',
  'METHOD:PUBLISH',
  'PRODID:Microsoft Exchange Server 2010',
  'VERSION:2.0',
  'X-WR-CALNAME:Firmenkalender',
  ...outlookZone('W. Europe Standard Time'),
  ...outlookZone(DESKTOP_ZONE),
  ...outlookEvent(
    'Karfreitag',
    'Feiertag',
    'DTSTART;TZID=W. Europe Standard Time:20270326T000000',
    'DTEND;TZID=W. Europe Standard Time:20270327T000000',
  ),
  ...outlookEvent(
    'Ostermontag',
    'Feiertag',
    `DTSTART;TZID="${DESKTOP_ZONE}":20270329T000000`,
    `DTEND;TZID="${DESKTOP_ZONE}":20270330T000000`,
  ),
  ...outlookEvent(
    'Urlaub Jörg',
    'Urlaub',
    'DTSTART;TZID=W. Europe Standard Time:20270330T080000',
    'DTEND;TZID=W. Europe Standard Time:20270330T170000',
  ),
  'END:VCALENDAR',
]);

/**
 * Apple Calendar: its VTIMEZONE beside an IANA TZID, Good Friday as one event with RDATEs, Easter
 * Monday timed, a yearly team day with one year excluded (EXDATE), summaries in UTF-8.
 */
const APPLE = feed([
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Apple Inc.//macOS 15.1//EN',
  'CALSCALE:GREGORIAN',
  'X-WR-CALNAME:Büro München',
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Berlin',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'DTSTART:19810329T020000',
  'TZNAME:MESZ',
  'TZOFFSETTO:+0200',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'DTSTART:19961027T030000',
  'TZNAME:MEZ',
  'TZOFFSETTO:+0100',
  'END:STANDARD',
  'END:VTIMEZONE',
  'BEGIN:VEVENT',
  'CREATED:20250110T081500Z',
  'UID:6F1D1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B',
  'DTEND;VALUE=DATE:20260404',
  'TRANSP:TRANSPARENT',
  'X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC',
  'SUMMARY:Karfreitag – gesetzlicher Feiertag in ganz Deutschland, Büro geschlossen',
  'DTSTART;VALUE=DATE:20260403',
  'DTSTAMP:20261120T101500Z',
  'RDATE;VALUE=DATE:20270326,20280414',
  'SEQUENCE:0',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'CREATED:20250110T081600Z',
  'UID:0E9F8A7B-6C5D-4E3F-9A1B-2C3D4E5F6A7B',
  'DTEND;TZID=Europe/Berlin:20270330T000000',
  'TRANSP:OPAQUE',
  'SUMMARY:Ostermontag – Büro geschlossen (Ausgleichstag aller Teams für Überstunden)',
  'DTSTART;TZID=Europe/Berlin:20270329T000000',
  'DTSTAMP:20261120T101600Z',
  'SEQUENCE:0',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'CREATED:20240102T090000Z',
  'UID:1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D',
  'RRULE:FREQ=YEARLY',
  'DTEND;VALUE=DATE:20240331',
  'TRANSP:TRANSPARENT',
  'SUMMARY:Teamtag – Büro geschlossen, außer 2027 (Umzug ins neue Gebäude an der Isar)',
  'DTSTART;VALUE=DATE:20240330',
  'DTSTAMP:20261120T101700Z',
  'EXDATE;VALUE=DATE:20270330',
  'SEQUENCE:1',
  'END:VEVENT',
  'END:VCALENDAR',
]);

describe("vendors' feeds, and a due time across Easter 2027 checked by hand", () => {
  test('the fixtures are folded CRLF files, with a UTF-8 character split by a fold', () => {
    const text = new TextDecoder().decode(APPLE);
    expect(text).toContain('\r\n ');
    const octets = Buffer.from(APPLE).toString('latin1').split('\r\n');
    expect(octets.every((line) => line.length <= 75)).toBe(true);
    // Decoding before unfolding would have broken a character: the fixture does split one.
    expect(text).toContain('\uFFFD');
  });

  test('Google: observances left out by their description, the public holidays kept', () => {
    const filter = { ...NO_FILTER, excludeDescriptions: ['Observance'] };
    const r = read(GOOGLE, filter);
    expect(dates(r.holidays)).toEqual(['2027-01-01', '2027-03-26', '2027-03-29']);
    expect({ events: r.events, filtered: r.filtered, skipped: r.skipped }).toEqual({
      events: 8,
      filtered: 5,
      skipped: 0,
    });
    expect(dueTime(r.holidays)).toBe(DUE);
    // Unfiltered, Maundy Thursday (an observance) is a day off too: the clock starts on Tuesday
    // at 09:00 CEST and runs 8 hours, to 17:00 CEST = 15:00Z.
    const all = read(GOOGLE);
    expect(all.holidays).toHaveLength(8);
    expect(dueTime(all.holidays)).toBe('2027-03-30T15:00:00.000Z');
    // Every one of Google's events is transparent: that filter leaves nothing.
    expect(read(GOOGLE, { ...NO_FILTER, skipTransparent: true }).holidays).toEqual([]);
  });

  test('Outlook/Exchange: a Windows zone through CLDR, a named zone through its VTIMEZONE, the holidays by category', () => {
    const r = read(OUTLOOK, { ...NO_FILTER, includeCategories: ['Feiertag'] });
    expect({ skipped: r.skipped, reasons: r.reasons, filtered: r.filtered }).toEqual({
      skipped: 0,
      reasons: [],
      filtered: 1,
    });
    // Midnight to midnight local time: one day each. Easter Monday starts at 00:00 CEST
    // (22:00Z): read at the winter offset it would have run into Tuesday.
    expect(dates(r.holidays)).toEqual(['2027-03-26', '2027-03-29']);
    expect(dueTime(r.holidays)).toBe(DUE);
    // Someone's leave on Tuesday is no holiday of the help desk's; kept, it moves the due time
    // to Wednesday, 15:00 CEST.
    expect(dueTime(read(OUTLOOK).holidays)).toBe('2027-03-31T13:00:00.000Z');
  });

  test('Apple: RDATEs add Good Friday, an EXDATE removes one year of a yearly day', () => {
    const r = read(APPLE);
    expect({ skipped: r.skipped, reasons: r.reasons }).toEqual({ skipped: 0, reasons: [] });
    expect(dates(r.holidays)).toEqual([
      '2026-03-30',
      '2026-04-03',
      '2027-03-26',
      '2027-03-29',
      '2028-03-30',
      '2028-04-14',
      '2029-03-30',
      '2030-03-30',
      '2031-03-30',
    ]);
    expect(dueTime(r.holidays)).toBe(DUE);
  });
});
