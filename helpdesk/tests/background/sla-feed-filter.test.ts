import { afterAll, describe, expect, test } from 'bun:test';
import { registerOwner } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { eventually } from '../../../tests/support/stack';

// A feed's filter through the api and the stack's workers: a feed in Google's shape (public
// holidays beside observances, every one transparent) and an Outlook event in a Windows zone,
// served from 127.0.0.2 (the local stack's WEBHOOK_ALLOWED_NETWORKS).
const year = new Date().getUTCFullYear() + 1;
const nextDay = (yyyymmdd: string) =>
  new Date(Date.parse(yyyymmdd.replace(/(\d{4})(\d{2})(\d{2})/, '$1-$2-$3T00:00:00Z')) + 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
const googleEvent = (day: string, summary: string, kind: string) => [
  'BEGIN:VEVENT',
  `DTSTART;VALUE=DATE:${year}${day}`,
  `DTEND;VALUE=DATE:${nextDay(`${year}${day}`)}`,
  `UID:${year}${day}_filter@google.com`,
  `DESCRIPTION:${kind}\\nTo hide observances\\, go to Google Calendar Settings > Holidays in Germ`,
  ' any',
  `SUMMARY:${summary}`,
  'TRANSP:TRANSPARENT',
  'END:VEVENT',
];
const feed = [
  'BEGIN:VCALENDAR',
  'PRODID:-//Google Inc//Google Calendar 70.9054//EN',
  'VERSION:2.0',
  ...googleEvent('0208', 'Carnival Monday', 'Observance'),
  ...googleEvent('0501', 'Labour Day', 'Public holiday'),
  ...googleEvent('1231', "New Year's Eve", 'Observance'),
  'BEGIN:VEVENT',
  'UID:outlook-1',
  `DTSTART;TZID=W. Europe Standard Time:${year}1224T000000`,
  `DTEND;TZID=W. Europe Standard Time:${year}1225T000000`,
  'SUMMARY:Heiligabend',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

const server = Bun.serve({ hostname: '127.0.0.2', port: 0, fetch: () => new Response(feed) });
afterAll(() => server.stop(true));
const icsUrl = `http://127.0.0.2:${server.port}/holidays.ics`;

const office = {
  timeZone: 'Europe/Berlin',
  weekly: ['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => ({ day, start: '09:00', end: '17:00' })),
};

describe("a calendar feed's filter", () => {
  test('keeps the public holidays and leaves the observances out; a changed filter imports again', async () => {
    const owner = await registerOwner('Filter');
    const base = `/api/v1/orgs/${owner.orgId}/sla/calendar`;
    const put = (body: object) => call(base, { method: 'PUT', token: owner.token, body });
    const importedAfter = (after: string) =>
      eventually(async () => {
        const c = (await call(base, { token: owner.token })).body;
        return c.icsImport && c.icsImport.at > after ? c : null;
      }, 30_000);

    const filter = { excludeDescriptions: ['Observance'] };
    const set = await put({ ...office, icsUrl, icsFilter: filter });
    expect(set.status).toBe(200);
    expect(set.body.icsFilter).toEqual({
      includeCategories: [],
      excludeCategories: [],
      includeSummaries: [],
      excludeSummaries: [],
      includeDescriptions: [],
      excludeDescriptions: ['Observance'],
      skipTransparent: false,
    });
    let c = await importedAfter('');
    expect(c.icsImport).toMatchObject({ ok: true, events: 4, skipped: 0, filtered: 2 });
    // The Outlook event, in its Windows zone, is Christmas Eve in Berlin.
    expect(c.icsImport.holidays).toEqual([{ date: `${year}-05-01` }, { date: `${year}-12-24` }]);

    // Every event of Google's is transparent: skipping those leaves only Outlook's.
    expect((await put({ ...office, icsUrl, icsFilter: { skipTransparent: true } })).status).toBe(
      200,
    );
    c = await importedAfter(c.icsImport.at);
    expect(c.icsImport).toMatchObject({ ok: true, filtered: 3 });
    expect(c.icsImport.holidays).toEqual([{ date: `${year}-12-24` }]);

    // Without a filter, every event is a day off.
    expect((await put({ ...office, icsUrl })).status).toBe(200);
    c = await importedAfter(c.icsImport.at);
    expect(c.icsImport).toMatchObject({ ok: true, filtered: 0 });
    expect(c.icsImport.holidays).toHaveLength(4);

    // A filter the api does not know is refused.
    for (const icsFilter of [{ excludeSummary: ['*'] }, { excludeSummaries: ['x'.repeat(101)] }])
      expect((await put({ ...office, icsUrl, icsFilter })).status).toBe(400);
  }, 120_000);
});
