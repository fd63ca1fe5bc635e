import { describe, expect, test } from 'bun:test';
import { holidaysFromIcs, ICS_LIMITS } from './ical';
import { type FeedFilter, globMatches, NO_FILTER } from './ical-filter';
import { ianaOfWindowsZone } from './ical-zones';

const NOW = Date.UTC(2026, 10, 23, 12);
const ics = (...body: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', ...body, 'END:VCALENDAR'].join('\r\n');
const event = (...props: string[]) =>
  ['BEGIN:VEVENT', 'UID:x', ...props, 'END:VEVENT'].join('\r\n');

describe('holidays from an iCalendar file', () => {
  test('all-day events, a span, a yearly rule, a cancelled event and an alarm inside', () => {
    const r = holidaysFromIcs(
      ics(
        event('DTSTART;VALUE=DATE:20261224', 'SUMMARY:Christmas Eve'),
        event('DTSTART;VALUE=DATE:20261230', 'DTEND;VALUE=DATE:20270102'),
        event('DTSTART;VALUE=DATE:20200501', 'RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1'),
        event('DTSTART;VALUE=DATE:20261111', 'STATUS:CANCELLED'),
        event(
          'DTSTART;VALUE=DATE:20261002',
          'BEGIN:VALARM',
          'TRIGGER:-PT15M',
          'DTSTART:19700101T000000',
          'END:VALARM',
        ),
      ),
      'Europe/Berlin',
      NOW,
    );
    expect(r).toEqual({
      ok: true,
      holidays: [
        { yearly: '05-01' },
        { date: '2026-10-02' },
        { date: '2026-12-24' },
        { date: '2026-12-30' },
        { date: '2026-12-31' },
        { date: '2027-01-01' },
      ],
      events: 5,
      skipped: 0,
      reasons: [],
      filtered: 0,
    });
  });

  test("timed events close the local days they touch in the calendar's zone", () => {
    const r = holidaysFromIcs(
      ics(
        // 23:30 UTC on 1 June is 01:30 on 2 June in Berlin (CEST).
        event('DTSTART:20260601T233000Z', 'DTEND:20260602T010000Z'),
        // Tokyo 09:00 on 5 June is 02:00 in Berlin: the 5th; four hours long.
        event('DTSTART;TZID=Asia/Tokyo:20260605T090000', 'DURATION:PT4H'),
        // Floating: the calendar's own zone; until midnight exactly ends on the same day.
        event('DTSTART:20260610T180000', 'DTEND:20260611T000000'),
      ),
      'Europe/Berlin',
      NOW,
    );
    expect(r.ok && r.holidays).toEqual([
      { date: '2026-06-02' },
      { date: '2026-06-05' },
      { date: '2026-06-10' },
    ]);
  });

  test('a bounded yearly rule gives dated holidays; what it cannot read exactly is skipped, counted', () => {
    const r = holidaysFromIcs(
      ics(
        event('DTSTART;VALUE=DATE:20261003', 'RRULE:FREQ=YEARLY;COUNT=2'),
        event('DTSTART;VALUE=DATE:20261126', 'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=4TH'),
        event('DTSTART;VALUE=DATE:20261201', 'RRULE:FREQ=WEEKLY'),
        event('DTSTART;TZID=Mars/Olympus:20261201T090000'),
        event('DTSTART;VALUE=DATE:20260101', 'DTEND;VALUE=DATE:20260301'),
        event('SUMMARY:no start'),
        // Long gone: no longer a holiday any clock can meet.
        event('DTSTART;VALUE=DATE:20200101'),
        // From year 100: its occurrences through 2025 counted, not listed; 2026 the last.
        event('DTSTART;VALUE=DATE:01000704', 'RRULE:FREQ=YEARLY;COUNT=1927'),
        event('DTSTART;VALUE=DATE:01000705', 'RRULE:FREQ=YEARLY;COUNT=99999999'),
      ),
      'UTC',
      NOW,
    );
    if (!r.ok) throw new Error(r.error);
    expect(r.holidays.map((h) => ('date' in h ? h.date : h.yearly))).toEqual([
      '2026-07-04',
      '2026-07-05',
      '2026-10-03',
      '2027-07-05',
      '2027-10-03',
      '2028-07-05',
      '2029-07-05',
      '2030-07-05',
      '2031-07-05',
    ]);
    expect(r.skipped).toBe(5);
    expect(r.reasons).toEqual([
      'RRULE BYDAY=4TH',
      'RRULE FREQ=WEEKLY',
      'unknown time zone Mars/Olympus',
      `longer than ${ICS_LIMITS.eventDays} days`,
      'no DTSTART',
    ]);
  });

  test('folded lines and quoted parameters are read', () => {
    const r = holidaysFromIcs(
      ics(
        'BEGIN:VEVENT',
        'SUMMARY;LANGUAGE="de:DE":Tag der ',
        ' Deutschen Einheit',
        'DTSTART;VALUE=DATE:2026',
        '\t1003',
        'END:VEVENT',
      ),
      'Europe/Berlin',
      NOW,
    );
    expect(r.ok && r.holidays).toEqual([{ date: '2026-10-03' }]);
  });

  test('what is not iCalendar is refused whole', () => {
    const refused = (text: string) => {
      const r = holidaysFromIcs(text, 'UTC', NOW);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error;
    };
    expect(refused('<html>not found</html>')).toContain('not an iCalendar file');
    expect(refused('')).toContain('not an iCalendar file');
    expect(refused(ics('BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261224'))).toContain('closes nothing');
    expect(refused('BEGIN:VCALENDAR\r\nBEGIN:VEVENT')).toContain('ends inside');
    expect(refused(ics('this is no content line'))).toContain('not an iCalendar content line');
    expect(refused(`${ics()}\r\nBEGIN:VCALENDAR`)).toContain('after END:VCALENDAR');
    const many = Array.from({ length: ICS_LIMITS.events + 1 }, () =>
      event('DTSTART;VALUE=DATE:20261224'),
    );
    expect(refused(ics(...many))).toContain(`more than ${ICS_LIMITS.events} events`);
    const days = Array.from({ length: ICS_LIMITS.holidays + 1 }, (_, i) =>
      event(
        `DTSTART;VALUE=DATE:${new Date(NOW + i * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '')}`,
      ),
    );
    expect(refused(ics(...days))).toContain(`more than ${ICS_LIMITS.holidays} holidays`);
  });
});

describe('zones, exceptions and filters', () => {
  const days = (r: ReturnType<typeof holidaysFromIcs>) =>
    r.ok ? r.holidays.map((h) => ('date' in h ? h.date : h.yearly)) : r.error;

  test("a Windows zone name is read through CLDR's table, without a VTIMEZONE in the file", () => {
    expect(ianaOfWindowsZone('W. Europe Standard Time')).toBe('Europe/Berlin');
    expect(ianaOfWindowsZone('Eastern Standard Time')).toBe('America/New_York');
    const r = holidaysFromIcs(
      ics(
        // 22:00 in New York (EDT) on 3 July is 04:00 on 4 July in Berlin.
        event('DTSTART;TZID=Eastern Standard Time:20260703T220000', 'DURATION:PT1H'),
        event('DTSTART;TZID="Pacific Standard Time":20260710T090000'),
        event('DTSTART;TZID=Nowhere Standard Time:20260711T090000'),
      ),
      'Europe/Berlin',
      NOW,
    );
    expect(days(r)).toEqual(['2026-07-04', '2026-07-10']);
    expect(r.ok && r.reasons).toEqual(['unknown time zone Nowhere Standard Time']);
  });

  test("an unknown name is read through the file's VTIMEZONE, its rule in either shape", () => {
    const zone = (tzid: string, rule: string) => [
      'BEGIN:VTIMEZONE',
      `TZID:${tzid}`,
      'BEGIN:STANDARD',
      'DTSTART:19671029T020000',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:19870405T020000',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      rule,
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ];
    const r = holidaysFromIcs(
      ics(
        ...zone('Eastern (own)', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU'),
        ...zone(
          'Eastern (old Apple)',
          'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14',
        ),
        ...zone('Eastern (odd)', 'RRULE:FREQ=MONTHLY;BYDAY=2SU'),
        // 20:30 on 8 March 2026 (EDT since that morning) is 00:30Z on the 9th; the third zone's
        // rule is not one zone data has: its event is skipped.
        event('DTSTART;TZID=Eastern (own):20260308T203000'),
        event('DTSTART;TZID=Eastern (old Apple):20260308T203000'),
        event('DTSTART;TZID=Eastern (odd):20260308T203000'),
      ),
      'UTC',
      NOW,
    );
    expect(days(r)).toEqual(['2026-03-09']);
    expect(r.ok && r.skipped).toBe(1);
    expect(r.ok && r.reasons[0]).toStartWith('VTIMEZONE RRULE FREQ=MONTHLY');
    // The offset itself: 19:30 EDT on 8 March is 23:30Z, still the 8th; 19:30 EST would be
    // 00:30Z on the 9th.
    const evening = holidaysFromIcs(
      ics(
        ...zone('E', 'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU'),
        event('DTSTART;TZID=E:20260308T193000'),
      ),
      'UTC',
      NOW,
    );
    expect(days(evening)).toEqual(['2026-03-08']);
  });

  test('EXDATE in every form removes exactly the occurrences it names', () => {
    const r = holidaysFromIcs(
      ics(
        // All-day, several per line and on several lines.
        event(
          'DTSTART;VALUE=DATE:20250501',
          'RRULE:FREQ=YEARLY',
          'EXDATE;VALUE=DATE:20270501,20290501',
          'EXDATE;VALUE=DATE:20300501',
        ),
        // Timed in a zone, excluded by the same wall clock in that zone and by the UTC instant.
        event(
          'DTSTART;TZID=Europe/Berlin:20250612T100000',
          'DURATION:PT2H',
          'RRULE:FREQ=YEARLY;COUNT=6',
          'EXDATE;TZID=Europe/Berlin:20260612T100000',
          'EXDATE:20280612T080000Z',
        ),
        // An exclusion naming no occurrence changes nothing.
        event('DTSTART;VALUE=DATE:20261111', 'EXDATE;VALUE=DATE:20261112'),
      ),
      'Europe/Berlin',
      NOW,
    );
    expect(days(r)).toEqual([
      '2026-05-01',
      '2026-11-11',
      '2027-06-12',
      '2028-05-01',
      '2029-06-12',
      '2030-06-12',
      '2031-05-01',
    ]);
  });

  test('RDATE in every form adds occurrences; an exception of another value type is skipped, counted', () => {
    const r = holidaysFromIcs(
      ics(
        event(
          'DTSTART;VALUE=DATE:20261224',
          'DTEND;VALUE=DATE:20261226',
          'RDATE;VALUE=DATE:20271227',
        ),
        event(
          'DTSTART:20260701T080000Z',
          'DTEND:20260701T100000Z',
          'RDATE;TZID=Asia/Tokyo:20260801T090000,20260901T090000',
          'RDATE;VALUE=PERIOD:20261001T200000Z/20261002T060000Z,20261101T120000Z/PT1H',
        ),
        event('DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=YEARLY', 'EXDATE:20270101T000000Z'),
        event('DTSTART:20260301T090000Z', 'RDATE;VALUE=DATE:20260302'),
      ),
      'UTC',
      NOW,
    );
    expect(days(r)).toEqual([
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-10-02',
      '2026-11-01',
      '2026-12-24',
      '2026-12-25',
      '2027-12-27',
      '2027-12-28',
    ]);
    expect(r.ok && r.reasons).toEqual([
      'EXDATE 20270101T000000Z on an all-day event',
      'RDATE 20260302 (a date) on a timed event',
    ]);
  });

  test('filters: categories, transparency, summary and description patterns', () => {
    const feed = ics(
      event(
        'DTSTART;VALUE=DATE:20261003',
        'SUMMARY:Tag der Deutschen Einheit',
        'CATEGORIES:Holiday,Public',
      ),
      event('DTSTART;VALUE=DATE:20261231', "SUMMARY:New Year's Eve", 'TRANSP:TRANSPARENT'),
      event(
        'DTSTART;VALUE=DATE:20261224',
        'SUMMARY:Christmas Eve',
        'DESCRIPTION:Observance\\nhide it',
      ),
      event('DTSTART;VALUE=DATE:20261225', 'SUMMARY:Christmas Day', 'CATEGORIES:Holiday'),
    );
    const kept = (filter: Partial<FeedFilter>) => {
      const r = holidaysFromIcs(feed, 'UTC', NOW, { ...NO_FILTER, ...filter });
      return r.ok ? { days: days(r), filtered: r.filtered } : r.error;
    };
    expect(kept({})).toEqual({
      days: ['2026-10-03', '2026-12-24', '2026-12-25', '2026-12-31'],
      filtered: 0,
    });
    expect(kept({ includeCategories: ['holiday'] })).toEqual({
      days: ['2026-10-03', '2026-12-25'],
      filtered: 2,
    });
    expect(kept({ excludeCategories: ['PUBLIC'] }).valueOf()).toMatchObject({ filtered: 1 });
    expect(kept({ skipTransparent: true })).toMatchObject({ filtered: 1 });
    expect(kept({ excludeSummaries: ['* Eve'] })).toEqual({
      days: ['2026-10-03', '2026-12-25'],
      filtered: 2,
    });
    expect(kept({ includeSummaries: ['christmas*'], excludeDescriptions: ['observance'] })).toEqual(
      { days: ['2026-12-25'], filtered: 3 },
    );
  });

  test('a glob matches the whole text; stars and question marks, case-insensitively', () => {
    expect(globMatches('*eve', "New Year's Eve")).toBe(true);
    expect(globMatches('eve', "New Year's Eve")).toBe(false);
    expect(globMatches('C?rnival*', 'Carnival Monday')).toBe(true);
    expect(globMatches('a*b*c', 'aXXbYYc')).toBe(true);
    expect(globMatches('a*b*c', 'aXXbYYcd')).toBe(false);
    expect(globMatches('***', '')).toBe(true);
    // No backtracking blow-up: a long text against many stars answers at once.
    expect(globMatches(`${'*a'.repeat(50)}b`, 'a'.repeat(5000))).toBe(false);
  });
});
