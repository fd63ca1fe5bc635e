import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { registerOwner } from '../../../tests/support/api';
import { waitForMail } from '../../../tests/support/mail';
import { eventually, ROOT } from '../../../tests/support/stack';
import { calendarOf } from '../../src/sla/calendars';
import { listPolicies, slaSettingsLockKey } from '../../src/sla/policies';
import { ticketHistory } from '../../src/sla/ticket-slas';
import { policyFor, type TargetTimer, timersOf, waitingNextResponse } from '../../src/sla/timers';
import {
  call,
  type Desk,
  desk,
  events,
  firings,
  MINUTE,
  open,
  type SlaHarness,
  slaHarness,
  standard,
} from './sla-support';

// Service-level timers end to end (see sla-support.ts: targets in seconds).
let b: SlaHarness;
beforeAll(async () => {
  b = await slaHarness();
});
afterAll(() => b.close());

const ticketOf = async (d: Desk, id: string) =>
  (await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${id}`, { token: d.agent.token })).body;

describe('service-level timers', () => {
  test('left alone: a warning, then the breach, each once, to the stream, the assignee and their mailbox', async () => {
    const d = await desk([standard()]);
    const ticket = await open(d);
    expect(ticket.sla.policy.name).toBe('Standard');
    const due = Date.parse(ticket.sla.firstResponseDueAt);
    expect(due - Date.parse(ticket.createdAt)).toBe(3 * MINUTE);

    await eventually(async () => (await firings(b, ticket.id)).length === 2, 20_000);
    // A check that runs again finds them fired (here: every job of the ticket once more).
    await Bun.sleep(2 * MINUTE);
    expect(await firings(b, ticket.id)).toEqual([
      { target: 'firstResponse', kind: 'warning' },
      { target: 'firstResponse', kind: 'breached' },
    ]);
    expect(await events(b, ticket.id)).toEqual([
      { type: 'sla.warning', target: 'firstResponse' },
      { type: 'sla.breached', target: 'firstResponse' },
    ]);
    expect((await ticketOf(d, ticket.id)).sla.breached).toEqual(['firstResponse']);

    const notes = await eventually(async () => {
      const res = await call('/api/v1/me/notifications', { token: d.agent.token });
      const kinds = res.body.items.map((n: { kind: string }) => n.kind);
      return kinds.includes('sla_breached') ? kinds : undefined;
    });
    expect(notes.filter((k: string) => k.startsWith('sla_')).sort()).toEqual([
      'sla_breached',
      'sla_warning',
    ]);
    const mails = await waitForMail(d.agent.email, 2, (m) => /Breached|Due soon/.test(m.subject));
    expect(mails.map((m) => m.subject.split(':')[0]).sort()).toEqual([
      `[#${ticket.number}] Breached`,
      `[#${ticket.number}] Due soon`,
    ]);
  }, 60_000);

  test('a reply before the deadline meets the target: nothing fires', async () => {
    const d = await desk([standard({ warningMinutes: null })]);
    const ticket = await open(d);
    const replied = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}/messages`, {
      token: d.agent.token,
      body: { body: 'On its way.' },
    });
    expect(replied.status).toBe(201);
    const after = await ticketOf(d, ticket.id);
    expect(after.sla).toMatchObject({ firstResponseDueAt: null, breached: [] });
    // No check job is left for the ticket: the one of the earlier timers is removed.
    const [row] = await b.sql<{ job_id: string }[]>`
      select job_id from ticket_slas where ticket_id = ${ticket.id}`;
    await eventually(async () => {
      const [now] = await b.sql<{ job_id: string | null }[]>`
        select job_id from ticket_slas where ticket_id = ${ticket.id}`;
      return now?.job_id === null;
    });
    expect(await b.sla.queue.getJob(row?.job_id ?? '')).toBeUndefined();
    await Bun.sleep(5 * MINUTE);
    expect(await firings(b, ticket.id)).toEqual([]);
  }, 30_000);

  test("a reply moves the stored clocks on as a recomputation from the ticket's whole thread would", async () => {
    const d = await desk([
      standard({ targets: { firstResponse: 30, nextResponse: 20, resolution: 60 } }),
    ]);
    const ticket = await open(d);
    const database = createDatabase({
      url: loadConfig({ db: dbConfig }, { dir: ROOT }).db.url,
      poolMax: 1,
      applicationName: 'test-sla',
      logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
    });
    const { db } = database;
    const recomputed = async () => {
      const history = await ticketHistory(db, d.owner.orgId, ticket.id);
      const policy = history && policyFor(await listPolicies(db, d.owner.orgId), history);
      if (!history || !policy) throw new Error('no history or policy');
      return timersOf(history, policy, await calendarOf(db, d.owner.orgId), MINUTE);
    };
    const stored = async () => {
      const [row] = await b.sql<{ timers: (TargetTimer & { warnAt: number | null })[] }[]>`
        select timers from ticket_slas where ticket_id = ${ticket.id}`;
      return (row?.timers ?? []).map(({ warnAt: _, ...t }) => t);
    };
    const say = async (who: 'agent' | 'requester', body: string) => {
      const res = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}/messages`, {
        token: d[who].token,
        body: { body },
      });
      expect(res.status).toBe(201);
    };
    // The first reply, a requester's two messages (one clock), a reply that meets it, the
    // requester again (a clock waiting), then pending and open (recomputed whole) and a reply.
    await say('requester', 'Anyone?');
    await say('agent', 'Looking.');
    await say('requester', 'Thanks, and also…');
    await say('requester', '…one more thing.');
    await say('agent', 'Both done.');
    await say('requester', 'Not quite.');
    const waiting = await stored();
    expect(waiting).toEqual(await recomputed());
    expect(waiting.filter((t) => t.target === 'nextResponse').map((t) => t.metAt === null)).toEqual(
      [false, true],
    );
    for (const status of ['pending', 'open']) {
      const current = (
        await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}`, {
          token: d.agent.token,
        })
      ).body;
      const changed = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}`, {
        method: 'PATCH',
        token: d.agent.token,
        headers: { 'If-Match': `"${current.version}"` },
        body: { status },
      });
      expect(changed.status).toBe(200);
    }
    await say('agent', 'Now it is.');
    const met = await stored();
    expect(met).toEqual(await recomputed());
    expect(met.every((t) => t.target === 'resolution' || t.metAt !== null)).toBe(true);
    // A message is dated when its transaction began: one that began first may commit after a
    // later-dated reply (here that reply is written directly, a minute ahead). The requester's
    // message is then not the thread's newest; its clocks are computed from the whole thread,
    // where the reply after it meets the clock it starts.
    await b.sql`
      insert into messages (id, org_id, ticket_id, author_id, body, internal, created_at)
      values (${Bun.randomUUIDv7()}, ${d.owner.orgId}, ${ticket.id}, ${d.agent.user.id},
              'Answered ahead.', false, now() + interval '1 minute')`;
    await say('requester', 'Written before that answer.');
    const afterLater = await stored();
    expect(afterLater).toEqual(await recomputed());
    expect(waitingNextResponse(afterLater)).toBeNull();
    await database.close();
  }, 60_000);

  test('a priority change moves the deadline; the old check job never fires', async () => {
    const d = await desk([
      standard({ warningMinutes: null }),
      {
        name: 'Urgent',
        priorities: ['urgent'],
        targets: { firstResponse: 600, nextResponse: null, resolution: null },
      },
    ]);
    const ticket = await open(d);
    const [before] = await b.sql<{ job_id: string }[]>`
      select job_id from ticket_slas where ticket_id = ${ticket.id}`;
    await eventually(async () => before?.job_id && (await b.sla.queue.getJob(before.job_id)));
    const moved = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: d.agent.token,
      headers: { 'If-Match': `"${ticket.version}"` },
      body: { priority: 'urgent' },
    });
    expect(moved.body.sla.policy.name).toBe('Urgent');
    expect(Date.parse(moved.body.sla.firstResponseDueAt) - Date.parse(ticket.createdAt)).toBe(
      600 * MINUTE,
    );
    // The earlier version's job goes (or, running, finds the version moved).
    await eventually(async () => !(await b.sla.queue.getJob(before?.job_id ?? '')));
    await Bun.sleep(5 * MINUTE);
    expect(await firings(b, ticket.id)).toEqual([]);
  }, 30_000);

  test('pending stops the clock; reopened, it goes on from where it stopped', async () => {
    const d = await desk([standard({ warningMinutes: null })]);
    const ticket = await open(d);
    const paused = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: d.agent.token,
      headers: { 'If-Match': `"${ticket.version}"` },
      body: { status: 'pending' },
    });
    expect(paused.body.sla).toMatchObject({ firstResponseDueAt: null, breached: [] });
    await Bun.sleep(5 * MINUTE);
    expect(await firings(b, ticket.id)).toEqual([]);
    const reopened = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: d.agent.token,
      headers: { 'If-Match': `"${paused.body.version}"` },
      body: { status: 'open' },
    });
    // The clock ran from creation to the pause, and runs again from the reopening.
    const [spans] = await b.sql<{ paused_at: Date; reopened_at: Date }[]>`
      select min(at) filter (where status = 'pending') as paused_at,
             max(at) filter (where status = 'open') as reopened_at
        from ticket_status_changes where ticket_id = ${ticket.id}`;
    const ran = (spans?.paused_at.getTime() ?? 0) - Date.parse(ticket.createdAt);
    expect(Date.parse(reopened.body.sla.firstResponseDueAt)).toBe(
      (spans?.reopened_at.getTime() ?? 0) + 3 * MINUTE - ran,
    );
    await eventually(async () => (await firings(b, ticket.id)).length === 1, 20_000);
    expect(await firings(b, ticket.id)).toEqual([{ target: 'firstResponse', kind: 'breached' }]);
  }, 40_000);
});

describe('settings changes', () => {
  test('a policy added later reaches the open tickets (through the worker), a removed one leaves them', async () => {
    const d = await desk([]);
    const ticket = await open(d);
    expect(ticket.sla).toBe(null);
    const created = await call(`/api/v1/orgs/${d.owner.orgId}/sla/policies`, {
      token: d.owner.token,
      body: standard({ targets: { firstResponse: 600, nextResponse: null, resolution: 900 } }),
    });
    expect(created.status).toBe(201);
    const reached = await eventually(async () => (await ticketOf(d, ticket.id)).sla, 30_000);
    expect(reached.policy.name).toBe('Standard');
    expect(reached.firstResponseDueAt).not.toBe(null);
    const removed = await call(`/api/v1/orgs/${d.owner.orgId}/sla/policies/${created.body.id}`, {
      method: 'DELETE',
      token: d.owner.token,
    });
    expect(removed.status).toBe(204);
    await eventually(async () => (await ticketOf(d, ticket.id)).sla === null, 30_000);
  }, 60_000);
});

describe('a ticket changed while its settings change', () => {
  test('a reply that reads the policies while a recomputation holds them waits, and computes with what it leaves', async () => {
    const d = await desk([
      standard({ targets: { firstResponse: null, nextResponse: null, resolution: 600 } }),
    ]);
    const ticket = await open(d);
    const before = await ticketOf(d, ticket.id);
    const opened = Date.parse(before.createdAt);
    expect(Date.parse(before.sla.resolutionDueAt) - opened).toBeGreaterThan(500 * MINUTE);
    // A change of the policies, and the recomputation it asks for, under way: the settings lock
    // held (as the worker's recomputation holds it) while the target is cut to 60 minutes.
    const held = await b.sql.reserve();
    let replied = false;
    try {
      await held`begin`;
      await held`select pg_advisory_xact_lock(hashtext(${slaSettingsLockKey(d.owner.orgId)}))`;
      await held`update sla_policies set resolution_minutes = 60 where org_id = ${d.owner.orgId}`;
      const reply = call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}/messages`, {
        token: d.requester.token,
        body: { body: 'Any news?' },
      }).then((res) => {
        replied = true;
        return res;
      });
      await Bun.sleep(500);
      // Had it read the policies now, it would store the 600 minutes' due time after the
      // recomputation stored the 60's, and nothing would correct it.
      expect(replied).toBe(false);
      await held`commit`;
      expect((await reply).status).toBe(201);
    } finally {
      held.release();
    }
    const after = await ticketOf(d, ticket.id);
    expect(Date.parse(after.sla.resolutionDueAt) - opened).toBe(60 * MINUTE);
  }, 30_000);

  test('a change, a reply and a new ticket during a recomputation that reads their tickets: each waits for it, none deadlocks', async () => {
    const d = await desk([
      standard({ targets: { firstResponse: null, nextResponse: null, resolution: 600 } }),
    ]);
    const [changed, answered] = [await open(d), await open(d)];
    const orgPath = `/api/v1/orgs/${d.owner.orgId}`;
    // What the worker's recomputation does, in its order: the settings lock (exclusive), then
    // each ticket's row read `for share` (ticketHistory). A change that locked its ticket's row
    // before it asked for the settings would wait on this while this waits on it; PostgreSQL
    // would break the cycle by failing one of them.
    const held = await b.sql.reserve();
    const finished: string[] = [];
    try {
      await held`begin`;
      await held`set local lock_timeout = '10s'`;
      await held`select pg_advisory_xact_lock(hashtext(${slaSettingsLockKey(d.owner.orgId)}))`;
      await held`update sla_policies set resolution_minutes = 60 where org_id = ${d.owner.orgId}`;
      const change = call(`${orgPath}/tickets/${changed.id}`, {
        method: 'PATCH',
        token: d.agent.token,
        headers: { 'If-Match': `"${changed.version}"` },
        body: { priority: 'high' },
      }).finally(() => finished.push('change'));
      const reply = call(`${orgPath}/tickets/${answered.id}/messages`, {
        token: d.requester.token,
        body: { body: 'Any news?' },
      }).finally(() => finished.push('reply'));
      const opened = call(`${orgPath}/tickets`, {
        token: d.requester.token,
        body: { subject: 'Another one', body: 'And this?' },
      }).finally(() => finished.push('open'));
      await Bun.sleep(500);
      const read = await held`
        select id from tickets where id in ${b.sql([changed.id, answered.id])} for share`;
      expect(read.length).toBe(2);
      await Bun.sleep(200);
      expect(finished).toEqual([]);
      await held`commit`;
      const [c, r, o] = await Promise.all([change, reply, opened]);
      expect([c.status, r.status, o.status]).toEqual([200, 201, 201]);
      // Each computed with what the recomputation left: the 60 minutes.
      for (const id of [changed.id, answered.id, o.body.id]) {
        const { createdAt, sla } = await ticketOf(d, id);
        expect(Date.parse(sla.resolutionDueAt) - Date.parse(createdAt)).toBe(60 * MINUTE);
      }
    } finally {
      await held`rollback`.catch(() => undefined);
      held.release();
    }
  }, 30_000);
});

describe('a ticket deleted while its check job runs', () => {
  test('compliance: a clock answered in time counts met (no due time stored), one answered late breached', async () => {
    const d = await desk([standard()]);
    const [inTime, late] = [await open(d), await open(d)];
    const answer = (id: string) =>
      call(`/api/v1/orgs/${d.owner.orgId}/tickets/${id}/messages`, {
        token: d.agent.token,
        body: { body: 'On it' },
      });
    expect((await answer(inTime.id)).status).toBe(201);
    await Bun.sleep(3 * MINUTE + 500);
    expect((await answer(late.id)).status).toBe(201);

    const firstResponse = async (id: string) => {
      const [row] = await b.sql<{ due_at: string | null; met_at: string | null }[]>`
        select e->>'dueAt' as due_at, e->>'metAt' as met_at
          from ticket_slas, jsonb_array_elements(timers) e
         where ticket_id = ${id} and e->>'target' = 'firstResponse'`;
      return row;
    };
    expect(await firstResponse(inTime.id)).toMatchObject({ due_at: null });
    const lateTimer = await firstResponse(late.id);
    expect(Number(lateTimer?.due_at)).toBeLessThan(Number(lateTimer?.met_at));
    expect((await ticketOf(d, inTime.id)).sla.breached).toEqual([]);
    expect((await ticketOf(d, late.id)).sla.breached).toEqual(['firstResponse']);

    const summary = await call(`/api/v1/orgs/${d.owner.orgId}/analytics/summary`, {
      token: d.owner.token,
    });
    expect(summary.status).toBe(200);
    expect(summary.body.sla).toEqual([
      { policy: 'Standard', target: 'firstResponse', met: 1, breached: 1 },
    ]);
  });

  test('the check waits for the delete and finds the ticket gone: neither deadlocks', async () => {
    const d = await desk([standard()]);
    const ticket = await open(d);
    // What a delete does (deleteTicket): the ticket's row locked, then the delete, whose cascade
    // takes its timers' row. The warning's check falls due meanwhile (2 s after the ticket opened)
    // and runs; the delete waits for nothing it holds.
    const held = await b.sql.reserve();
    try {
      await held`begin`;
      await held`set local lock_timeout = '10s'`;
      await held`select id from tickets where id = ${ticket.id} for update`;
      await Bun.sleep(Date.parse(ticket.createdAt) + 2 * MINUTE + 1500 - Date.now());
      // Had the check locked the timers' row before it waited on the ticket, this would close
      // the cycle, and PostgreSQL would fail this statement (it waited last).
      await held`delete from tickets where id = ${ticket.id}`;
      await held`commit`;
    } finally {
      await held`rollback`.catch(() => undefined);
      held.release();
    }
    await Bun.sleep(2 * MINUTE);
    expect(await firings(b, ticket.id)).toEqual([]);
    expect(await events(b, ticket.id)).toEqual([]);
  }, 30_000);
});

describe('a reply in an organization without policies', () => {
  test("drops the ticket's timers in its own transaction; an internal note leaves them", async () => {
    const d = await desk([standard()]);
    const ticket = await open(d);
    expect((await ticketOf(d, ticket.id)).sla.policy.name).toBe('Standard');
    // The policies gone behind the worker's back: only the reply can notice.
    await b.sql`delete from sla_policies where org_id = ${d.owner.orgId}`;
    const messages = `/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}/messages`;
    const note = await call(messages, {
      token: d.agent.token,
      body: { body: 'A note', internal: true },
    });
    expect(note.status).toBe(201);
    expect((await ticketOf(d, ticket.id)).sla).not.toBe(null);
    const replied = await call(messages, { token: d.agent.token, body: { body: 'On it.' } });
    expect(replied.status).toBe(201);
    expect((await ticketOf(d, ticket.id)).sla).toBe(null);
    const [row] =
      await b.sql`select count(*)::int as n from ticket_slas where ticket_id = ${ticket.id}`;
    expect(row?.n).toBe(0);
    // Another organization's ticket id in the path: 404, and its timers stay.
    const other = await desk([standard()]);
    const theirs = await open(other);
    const forged = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${theirs.id}/messages`, {
      token: d.agent.token,
      body: { body: 'Not yours' },
    });
    expect(forged.status).toBe(404);
    expect((await ticketOf(other, theirs.id)).sla).not.toBe(null);
  }, 30_000);
});

describe('the calendar and policies API', () => {
  test('admins only; hostile input is a 400 and changes nothing; another organization sees 404', async () => {
    const d = await desk([]);
    const other = await registerOwner('Other');
    const base = `/api/v1/orgs/${d.owner.orgId}/sla`;
    const calendar = await call(`${base}/calendar`, { token: d.owner.token });
    expect(calendar.body).toMatchObject({ timeZone: 'UTC', isDefault: true });
    expect((await call(`${base}/calendar`, { token: d.agent.token })).status).toBe(403);
    expect((await call(`${base}/policies`, { token: other.token })).status).toBe(404);

    const bad = [
      { timeZone: 'Mars/Olympus_Mons', weekly: [{ day: 'mon', start: '09:00', end: '17:00' }] },
      { timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', start: '17:00', end: '09:00' }] },
      { timeZone: 'Europe/Berlin', weekly: [{ day: 'mon', start: '25:00', end: '26:00' }] },
      { timeZone: 'Europe/Berlin', weekly: [] },
      {
        timeZone: 'Europe/Berlin',
        weekly: [{ day: 'mon', start: '09:00', end: '17:00' }],
        holidays: [{ yearly: '02-30' }],
      },
      {
        timeZone: 'Europe/Berlin',
        weekly: Array.from({ length: 71 }, () => ({ day: 'mon', start: '09:00', end: '10:00' })),
      },
      { timeZone: 'x'.repeat(100_000), weekly: [{ day: 'mon', start: '09:00', end: '17:00' }] },
    ];
    for (const body of bad) {
      const res = await call(`${base}/calendar`, { method: 'PUT', token: d.owner.token, body });
      expect(res.status).toBe(400);
    }
    expect((await call(`${base}/calendar`, { token: d.owner.token })).body.isDefault).toBe(true);

    const good = await call(`${base}/calendar`, {
      method: 'PUT',
      token: d.owner.token,
      body: {
        timeZone: 'Australia/Lord_Howe',
        weekly: [
          { day: 'mon', start: '09:00', end: '12:00' },
          { day: 'mon', start: '13:00', end: '24:00' },
        ],
        holidays: [{ date: '2026-12-24' }, { yearly: '12-25' }],
      },
    });
    expect(good.status).toBe(200);
    expect(good.body).toMatchObject({ timeZone: 'Australia/Lord_Howe', isDefault: false });

    const policy = (body: object) =>
      call(`${base}/policies`, { token: d.owner.token, body: standard(body) });
    expect((await policy({ targets: { firstResponse: 0 } })).status).toBe(400);
    expect((await policy({ pausedStatuses: ['open'] })).status).toBe(400);
    expect((await policy({ priorities: ['URGENT'] })).status).toBe(400);
    expect((await policy({ extra: true })).status).toBe(400);
    const created = await policy({});
    expect(created.status).toBe(201);
    expect((await policy({ name: 'Another default' })).status).toBe(409);
    expect((await policy({})).status).toBe(409);
    const id = created.body.id;
    expect(
      (await call(`${base}/policies/${id.toUpperCase()}`, { token: d.owner.token })).status,
    ).toBe(404);
    expect(
      (await call(`/api/v1/orgs/${other.orgId}/sla/policies/${id}`, { token: other.token })).status,
    ).toBe(404);
    const deleted = await call(`${base}/policies/${id}`, {
      method: 'DELETE',
      token: d.owner.token,
    });
    expect(deleted.status).toBe(204);
    expect((await call(`${base}/policies`, { token: d.owner.token })).body.items).toEqual([]);
  }, 30_000);
});
