import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { addMember, type Owner, registerOwner } from '../../../tests/support/api';
import { killInstance, lockHolder } from '../../../tests/support/deliveries';
import { callInstance } from '../../../tests/support/http';
import { waitForMail } from '../../../tests/support/mail';
import { queueClient } from '../../../tests/support/queues';
import { eventually, processInfo, ROOT, stack, startInstance } from '../../../tests/support/stack';
import { slaQueue } from '../../src/queues';

// Service levels end to end, on the real stack's workers: the timers are computed by an api of
// this test's own whose business minute lasts one second (SLA_MINUTE_MS=1000: a 2-minute target
// falls due 2 s after the ticket opens, on the default calendar, around the clock); the stack's
// workers fire what is due from the stored timers, whatever the minute's length.
const API = 9;
const MINUTE = 1000;
const config = loadConfig({ db: dbConfig }, { dir: ROOT });
const sql = postgres(config.db.url, { max: 4, onnotice: () => {} });
const sla = queueClient(slaQueue);
let api: { stop(): Promise<void> };

beforeAll(async () => {
  api = await startInstance('api', API, { SLA_MINUTE_MS: String(MINUTE) });
});

afterAll(async () => {
  await api.stop();
  await stack('start', 'worker-1', 'worker-2').catch(() => undefined);
  await sla.close();
  await sql.end();
});

// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
const call = <T = any>(path: string, options: Parameters<typeof callInstance>[2] = {}) =>
  callInstance<T>(API, path, options);

interface Desk {
  owner: Owner;
  agent: Awaited<ReturnType<typeof addMember>>;
  requester: Awaited<ReturnType<typeof addMember>>;
}

async function desk(policies: object[]): Promise<Desk> {
  const owner = await registerOwner('Sla');
  const [agent, requester] = await Promise.all([
    addMember(owner, 'agent'),
    addMember(owner, 'requester'),
  ]);
  for (const policy of policies) {
    const res = await call(`/api/v1/orgs/${owner.orgId}/sla/policies`, {
      token: owner.token,
      body: policy,
    });
    expect(res.status).toBe(201);
  }
  return { owner, agent, requester };
}

async function open(d: Desk, priority = 'normal') {
  const res = await call(`/api/v1/orgs/${d.owner.orgId}/tickets`, {
    token: d.requester.token,
    body: { subject: 'Late again', body: 'Where is my parcel?' },
  });
  expect(res.status).toBe(201);
  // Assigned (and prioritized) by the agent: the alerts go to the assignee.
  const changed = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${res.body.id}`, {
    method: 'PATCH',
    token: d.agent.token,
    headers: { 'If-Match': `"${res.body.version}"` },
    body: { assigneeId: d.agent.user.id, priority },
  });
  expect(changed.status).toBe(200);
  return changed.body;
}

const ticketOf = async (d: Desk, id: string) =>
  (await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${id}`, { token: d.agent.token })).body;

const firings = (ticketId: string) =>
  sql<{ target: string; kind: string }[]>`
    select target, kind from sla_firings where ticket_id = ${ticketId} order by fired_at, id`;

const events = (ticketId: string) =>
  sql<{ type: string; target: string }[]>`
    select type, payload->>'target' as target from outbox
     where type like 'sla.%' and type <> 'sla.due-changed' and payload->'ticket'->>'id' = ${ticketId}
     order by id`;

const standard = (over: object = {}) => ({
  name: 'Standard',
  isDefault: true,
  targets: { firstResponse: 3, nextResponse: null, resolution: null },
  warningMinutes: 1,
  ...over,
});

describe('service-level timers', () => {
  test('left alone: a warning, then the breach, each once, to the stream, the assignee and their mailbox', async () => {
    const d = await desk([standard()]);
    const ticket = await open(d);
    expect(ticket.sla.policy.name).toBe('Standard');
    const due = Date.parse(ticket.sla.firstResponseDueAt);
    expect(due - Date.parse(ticket.createdAt)).toBe(3 * MINUTE);

    await eventually(async () => (await firings(ticket.id)).length === 2, 20_000);
    // A check that runs again finds them fired (here: every job of the ticket once more).
    await Bun.sleep(2 * MINUTE);
    expect(await firings(ticket.id)).toEqual([
      { target: 'firstResponse', kind: 'warning' },
      { target: 'firstResponse', kind: 'breached' },
    ]);
    expect(await events(ticket.id)).toEqual([
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
    const [row] = await sql<{ job_id: string }[]>`
      select job_id from ticket_slas where ticket_id = ${ticket.id}`;
    await eventually(async () => {
      const [now] = await sql<{ job_id: string | null }[]>`
        select job_id from ticket_slas where ticket_id = ${ticket.id}`;
      return now?.job_id === null;
    });
    expect(await sla.queue.getJob(row?.job_id ?? '')).toBeUndefined();
    await Bun.sleep(5 * MINUTE);
    expect(await firings(ticket.id)).toEqual([]);
  }, 30_000);

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
    const [before] = await sql<{ job_id: string }[]>`
      select job_id from ticket_slas where ticket_id = ${ticket.id}`;
    await eventually(async () => before?.job_id && (await sla.queue.getJob(before.job_id)));
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
    await eventually(async () => !(await sla.queue.getJob(before?.job_id ?? '')));
    await Bun.sleep(5 * MINUTE);
    expect(await firings(ticket.id)).toEqual([]);
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
    expect(await firings(ticket.id)).toEqual([]);
    const reopened = await call(`/api/v1/orgs/${d.owner.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: d.agent.token,
      headers: { 'If-Match': `"${paused.body.version}"` },
      body: { status: 'open' },
    });
    // The clock ran from creation to the pause, and runs again from the reopening.
    const [spans] = await sql<{ paused_at: Date; reopened_at: Date }[]>`
      select min(at) filter (where status = 'pending') as paused_at,
             max(at) filter (where status = 'open') as reopened_at
        from ticket_status_changes where ticket_id = ${ticket.id}`;
    const ran = (spans?.paused_at.getTime() ?? 0) - Date.parse(ticket.createdAt);
    expect(Date.parse(reopened.body.sla.firstResponseDueAt)).toBe(
      (spans?.reopened_at.getTime() ?? 0) + 3 * MINUTE - ran,
    );
    await eventually(async () => (await firings(ticket.id)).length === 1, 20_000);
    expect(await firings(ticket.id)).toEqual([{ target: 'firstResponse', kind: 'breached' }]);
  }, 40_000);

  test('a worker SIGKILLed at the moment of a breach: it fires once after the restart', async () => {
    const d = await desk([standard({ warningMinutes: null })]);
    // The check stops at its lock of the ticket's timers, held by this test.
    const holder = await lockHolder(sql);
    let ticketId = '';
    try {
      const ticket = await open(d);
      ticketId = ticket.id;
      // Once the relay has scheduled the check of the timers' last version (it takes the lock too).
      await eventually(async () => {
        const [row] = await sql<{ version: number; job_id: string | null }[]>`
          select version, job_id from ticket_slas where ticket_id = ${ticket.id}`;
        return row?.job_id?.startsWith(`sla-${ticket.id}-${row.version}-`);
      });
      await holder.sql`select 1 from ticket_slas where ticket_id = ${ticket.id} for update`;
      const stopped = await eventually(async () => {
        const waiting = await holder.blocked();
        return waiting.find((b) => b.instance.startsWith('worker'));
      }, 20_000);
      await killInstance(stopped.instance);
    } finally {
      await holder.release();
    }
    // Its job is stalled: taken over by a worker once its lock lapses.
    await eventually(async () => (await firings(ticketId)).length === 1, 40_000);
    await eventually(async () => (await processInfo('worker-1')).ready || undefined, 30_000);
    await eventually(async () => (await processInfo('worker-2')).ready || undefined, 30_000);
    await Bun.sleep(2 * MINUTE);
    expect(await firings(ticketId)).toEqual([{ target: 'firstResponse', kind: 'breached' }]);
    expect(await events(ticketId)).toEqual([{ type: 'sla.breached', target: 'firstResponse' }]);
  }, 90_000);
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
