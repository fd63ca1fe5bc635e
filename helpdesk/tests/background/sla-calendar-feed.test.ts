import { afterAll, describe, expect, test } from 'bun:test';
import { addMember, registerOwner } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { eventually } from '../../../tests/support/stack';
import { standard } from './sla-support';

// A calendar's iCalendar feed, imported by the stack's workers through the SSRF guard: served
// from 127.0.0.2 (the local stack's WEBHOOK_ALLOWED_NETWORKS; loopback itself stays refused).
const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const icsDate = (t: number) => new Date(t).toISOString().slice(0, 10).replaceAll('-', '');
const holidaysIcs = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//insightdesk test//EN',
  'BEGIN:VEVENT',
  'UID:closed@test',
  'SUMMARY:Closed (today and tomorrow)',
  `DTSTART;VALUE=DATE:${icsDate(today)}`,
  `DTEND;VALUE=DATE:${icsDate(today + 2 * DAY)}`,
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:weekly@test',
  `DTSTART;VALUE=DATE:${icsDate(today + 10 * DAY)}`,
  'RRULE:FREQ=WEEKLY',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

let answer: () => Response = () => new Response(holidaysIcs);
const requests: string[] = [];
const server = Bun.serve({
  hostname: '127.0.0.2',
  port: 0,
  fetch(req) {
    requests.push(new URL(req.url).pathname);
    return answer();
  },
});
afterAll(() => server.stop(true));
const feedUrl = `http://127.0.0.2:${server.port}/holidays.ics`;

const around = {
  timeZone: 'UTC',
  weekly: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({
    day,
    start: '00:00',
    end: '24:00',
  })),
};

describe("a calendar's iCalendar feed", () => {
  test('imports its days off and moves the due times; a bad feed is recorded and changes nothing', async () => {
    const owner = await registerOwner('Feed');
    const agent = await addMember(owner, 'agent');
    const base = `/api/v1/orgs/${owner.orgId}/sla`;
    const policy = await call(`${base}/policies`, {
      token: owner.token,
      body: standard({ targets: { firstResponse: null, nextResponse: null, resolution: 600 } }),
    });
    expect(policy.status).toBe(201);
    const opened = await call(`/api/v1/orgs/${owner.orgId}/tickets`, {
      token: owner.token,
      body: { subject: 'Before the holidays', body: 'Please help' },
    });
    expect(opened.status).toBe(201);
    const dueAt = async () =>
      Date.parse(
        (
          await call(`/api/v1/orgs/${owner.orgId}/tickets/${opened.body.id}`, {
            token: owner.token,
          })
        ).body.sla.resolutionDueAt,
      );
    // 600 business minutes, around the clock: due before the day after tomorrow.
    expect(await dueAt()).toBeLessThan(today + 2 * DAY);

    const put = (icsUrl: string | null, token = owner.token) =>
      call(`${base}/calendar`, { method: 'PUT', token, body: { ...around, icsUrl } });
    const calendar = async () => (await call(`${base}/calendar`, { token: owner.token })).body;

    expect((await put(feedUrl)).status).toBe(200);
    const imported = await eventually(async () => (await calendar()).icsImport, 30_000);
    expect(imported).toMatchObject({
      ok: true,
      error: null,
      events: 2,
      skipped: 1,
      reasons: ['RRULE FREQ=WEEKLY'],
      holidays: [
        { date: new Date(today).toISOString().slice(0, 10) },
        { date: new Date(today + DAY).toISOString().slice(0, 10) },
      ],
    });
    // Today and tomorrow are days off now: the clock starts the day after tomorrow.
    await eventually(async () => (await dueAt()) >= today + 2 * DAY, 30_000);
    const movedDue = await dueAt();

    // The same feed again: the same days, the same due time (idempotent).
    const refreshed = (token = owner.token) =>
      call(`${base}/calendar/import`, { method: 'POST', token });
    const importedAgain = async (after: string) =>
      eventually(async () => {
        const c = await calendar();
        return c.icsImport && c.icsImport.at > after ? c : null;
      }, 30_000);
    expect((await refreshed()).status).toBe(202);
    let c = await importedAgain(imported.at);
    expect(c.icsImport.ok).toBe(true);

    // Not iCalendar, too large, an error status: recorded; the days off and due times stay.
    const failures: [() => Response, string][] = [
      [() => new Response('<html>moved</html>'), 'not an iCalendar file'],
      [() => new Response(`${holidaysIcs}\r\n${'X'.repeat(1024 * 1024)}`), 'too large'],
      [() => new Response('gone', { status: 404 }), 'the feed answered 404'],
    ];
    for (const [serve, error] of failures) {
      answer = serve;
      expect((await refreshed()).status).toBe(202);
      c = await importedAgain(c.icsImport.at);
      expect(c.icsImport.ok).toBe(false);
      expect(c.icsImport.error).toContain(error);
      expect(c.icsImport.holidays).toHaveLength(2);
    }
    expect(await dueAt()).toBe(movedDue);
    answer = () => new Response(holidaysIcs);

    // Loopback, a private network, another scheme: refused at once; nothing changes.
    const before = requests.length;
    for (const url of [
      `http://127.0.0.1:${server.port}/holidays.ics`,
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.1/holidays.ics',
      'file:///etc/passwd',
      'not a url',
      `http://127.0.0.2/${'x'.repeat(3000)}`,
    ]) {
      const res = await put(url);
      expect(res.status).toBe(400);
    }
    expect((await calendar()).icsUrl).toBe(feedUrl);

    // A name that resolves to loopback passes the form but not the worker's guard: recorded.
    expect((await put(`http://localhost:${server.port}/holidays.ics`)).status).toBe(200);
    c = await eventually(async () => (await calendar()).icsImport, 30_000);
    expect(c.ok).toBe(false);
    expect(c.error).toContain('loopback');
    expect(c.holidays).toEqual([]);
    expect(requests.length).toBe(before);

    // Admins only; another organization's admin sees 404; no feed: 404.
    expect((await put(feedUrl, agent.token)).status).toBe(403);
    expect((await refreshed(agent.token)).status).toBe(403);
    const other = await registerOwner('Other');
    expect((await refreshed(other.token)).status).toBe(404);
    expect(
      (
        await call(`/api/v1/orgs/${other.orgId}/sla/calendar/import`, {
          method: 'POST',
          token: other.token,
        })
      ).status,
    ).toBe(404);
  }, 120_000);
});
