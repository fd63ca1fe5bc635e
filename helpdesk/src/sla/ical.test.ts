import { describe, expect, test } from 'bun:test';
import { holidaysFromIcs, ICS_LIMITS } from './ical';

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
