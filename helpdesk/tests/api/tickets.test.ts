import { afterAll, describe, expect, test } from 'bun:test';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { registerOwner, team } from '../../../tests/support/api';
import { type CallResult, call, isProblem } from '../../../tests/support/http';
import { ROOT } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 1,
  onnotice: () => {},
});
afterAll(() => db.end());

describe('tickets', () => {
  test('numbers count up per organization from 1; the creator is the requester', async () => {
    const a = await registerOwner();
    const b = await registerOwner();
    const a1 = await openTicket(a, a.orgId);
    const a2 = await openTicket(a, a.orgId, { priority: 'urgent' });
    const b1 = await openTicket(b, b.orgId);
    expect([a1.number, a2.number, b1.number]).toEqual([1, 2, 1]);
    expect(a1).toMatchObject({
      status: 'open',
      priority: 'normal',
      requester: { id: a.user.id, name: 'Owner' },
      assignee: null,
      version: 1,
    });
    expect(a2.priority).toBe('urgent');
  });

  test('GET carries an ETag; If-None-Match answers 304', async () => {
    const t = await registerOwner();
    const ticket = await openTicket(t, t.orgId);
    const res = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, { token: t.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    const cached = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, {
      token: t.token,
      headers: { 'If-None-Match': '"1"' },
    });
    expect(cached.status).toBe(304);
  });

  test('PATCH needs If-Match: current version 200, stale 412, missing 428', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const url = `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`;
    const patch = (ifMatch: string | undefined, body: unknown) =>
      call(url, {
        method: 'PATCH',
        token: t.agent.token,
        body,
        headers: ifMatch ? { 'If-Match': ifMatch } : {},
      });
    const ok = await patch('"1"', { status: 'pending', assigneeId: t.agent.user.id });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'pending',
      version: 2,
      assignee: { id: t.agent.user.id },
    });
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await patch('"1"', { priority: 'high' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version_mismatch');
    const missing = await patch(undefined, { priority: 'high' });
    expect(missing.status).toBe(428);
    expect(isProblem(missing)).toBe(true);
    const nothing = await patch('"2"', {});
    expect(nothing.status).toBe(400);
    const notAgent = await patch('"2"', { assigneeId: t.requester.user.id });
    expect(notAgent.status).toBe(400);
    const after = await call(url, { token: t.agent.token });
    expect(after.body).toMatchObject({ version: 2, priority: 'normal' });
  });

  test('requesters: own tickets only, agent-only fields 403, no internal notes', async () => {
    const t = await team();
    const mine = await openTicket(t.requester, t.orgId, { subject: 'Mine' });
    const theirs = await openTicket(t.requester2, t.orgId, { subject: 'Theirs' });
    const base = `/api/v1/orgs/${t.orgId}/tickets`;

    const list = await call(base, { token: t.requester.token });
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([mine.id]);
    expect((await call(`${base}/${theirs.id}`, { token: t.requester.token })).status).toBe(404);
    expect((await call(`${base}/${theirs.id}/messages`, { token: t.requester.token })).status).toBe(
      404,
    );
    expect(
      (
        await call(`${base}/${theirs.id}/messages`, {
          token: t.requester.token,
          body: { body: 'hi' },
        })
      ).status,
    ).toBe(404);

    const agentList = await call(base, { token: t.agent.token });
    expect(agentList.body.items.map((x: { id: string }) => x.id).sort()).toEqual(
      [mine.id, theirs.id].sort(),
    );

    const statusChange = await call(`${base}/${mine.id}`, {
      method: 'PATCH',
      token: t.requester.token,
      headers: { 'If-Match': '"1"' },
      body: { status: 'closed' },
    });
    expect(statusChange.status).toBe(403);
    expect(statusChange.body.code).toBe('agent_only_field');
    // Nor may a requester choose the priority when opening one (nothing is created).
    const before = (await call(base, { token: t.agent.token })).body.items.length;
    const urgent = await call(base, {
      token: t.requester.token,
      body: { subject: 'Mine is urgent', body: 'Really.', priority: 'urgent' },
    });
    expect(urgent.status).toBe(403);
    expect(urgent.body.code).toBe('agent_only_field');
    expect((await call(base, { token: t.agent.token })).body.items.length).toBe(before);
    const retitle = await call(`${base}/${mine.id}`, {
      method: 'PATCH',
      token: t.requester.token,
      headers: { 'If-Match': '"1"' },
      body: { subject: 'Mine, retitled' },
    });
    expect(retitle.status).toBe(200);

    const note = await call(`${base}/${mine.id}/messages`, {
      token: t.agent.token,
      body: { body: 'internal: customer is VIP', internal: true },
    });
    expect(note.status).toBe(201);
    const reply = await call(`${base}/${mine.id}/messages`, {
      token: t.agent.token,
      body: { body: 'On it!' },
    });
    expect(reply.status).toBe(201);
    const asRequester = await call(`${base}/${mine.id}/messages`, { token: t.requester.token });
    expect(asRequester.body.items.map((m: { body: string }) => m.body)).toEqual([
      'It is on fire, again.',
      'On it!',
    ]);
    const asAgent = await call(`${base}/${mine.id}/messages`, { token: t.agent.token });
    expect(asAgent.body.items.map((m: { internal: boolean }) => m.internal)).toEqual([
      false,
      true,
      false,
    ]);
    const sneaky = await call(`${base}/${mine.id}/messages`, {
      token: t.requester.token,
      body: { body: 'let me in', internal: true },
    });
    expect(sneaky.status).toBe(403);
    expect(sneaky.body.code).toBe('internal_notes_forbidden');
  });

  test('delete is for admins and above', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const url = `/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`;
    expect((await call(url, { method: 'DELETE', token: t.agent.token })).status).toBe(403);
    expect((await call(url, { method: 'DELETE', token: t.requester.token })).status).toBe(403);
    expect((await call(url, { method: 'DELETE', token: t.admin.token })).status).toBe(204);
    expect((await call(url, { token: t.admin.token })).status).toBe(404);
  });

  test('lists: newest first, cursor pagination, filters and full-text search', async () => {
    const t = await team();
    const base = `/api/v1/orgs/${t.orgId}/tickets`;
    const created = [];
    for (let i = 0; i < 7; i++) {
      created.push(
        // Agents may set a priority when opening a ticket; requesters may not.
        await openTicket(i % 2 ? t.agent : t.requester, t.orgId, {
          subject: i === 3 ? 'Keyboard smells of coffee' : `Issue ${i}`,
          body: i === 5 ? 'The projector flickers' : 'Something broke',
          ...(i % 2 ? { priority: 'high' } : {}),
        }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: CallResult<{ items: { id: string }[]; nextCursor: string | null }> = await call(
        `${base}?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token: t.agent.token },
      );
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((x) => x.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(created.map((c) => c.id).reverse());

    const high = await call(`${base}?priority=high`, { token: t.agent.token });
    expect(high.body.items).toHaveLength(3);
    const bySubject = await call(`${base}?q=coffee`, { token: t.agent.token });
    expect(bySubject.body.items.map((x: { id: string }) => x.id)).toEqual([created[3].id]);
    const byMessage = await call(`${base}?q=projector`, { token: t.agent.token });
    expect(byMessage.body.items.map((x: { id: string }) => x.id)).toEqual([created[5].id]);

    await call(`${base}/${created[0].id}/messages`, {
      token: t.agent.token,
      body: { body: 'internal zebracorn remark', internal: true },
    });
    expect((await call(`${base}?q=zebracorn`, { token: t.requester.token })).body.items).toEqual(
      [],
    );

    await call(`${base}/${created[1].id}`, {
      method: 'PATCH',
      token: t.agent.token,
      headers: { 'If-Match': '"1"' },
      body: { assigneeId: t.agent.user.id, status: 'solved' },
    });
    const assigned = await call(`${base}?assigneeId=${t.agent.user.id}&status=solved`, {
      token: t.agent.token,
    });
    expect(assigned.body.items.map((x: { id: string }) => x.id)).toEqual([created[1].id]);

    // A new subject replaces the old one's words and keeps the thread's.
    const renamed = await call(`${base}/${created[5].id}`, {
      method: 'PATCH',
      token: t.agent.token,
      headers: { 'If-Match': '"1"' },
      body: { subject: 'Overhead lamp' },
    });
    expect(renamed.status).toBe(200);
    const ids = async (q: string) =>
      (await call(`${base}?q=${q}`, { token: t.agent.token })).body.items.map(
        (x: { id: string }) => x.id,
      );
    expect(await ids('lamp')).toEqual([created[5].id]);
    expect(await ids('projector')).toEqual([created[5].id]);
    expect(await ids('issue%205')).toEqual([]);
  });

  test('out-of-range limits, bad filters and foreign cursors are 400 problems', async () => {
    const t = await registerOwner();
    const base = `/api/v1/orgs/${t.orgId}/tickets`;
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=abc',
      'status=burning',
      'cursor=%%%',
      'cursor=eyJ4IjoxfQ',
      ...[
        ['2026-01-01T00:00:00.000Z', '-'.repeat(36)],
        ['+275760-09-13T00:00:00.000Z', crypto.randomUUID()],
        ['-000001-01-01T00:00:00.000Z', crypto.randomUUID()],
      ].map((position) => `cursor=${Buffer.from(JSON.stringify(position)).toString('base64url')}`),
    ]) {
      const res = await call(`${base}?${query}`, { token: t.token });
      expect({ query, status: res.status, problem: isProblem(res) }).toEqual({
        query,
        status: 400,
        problem: true,
      });
    }
  });

  test('analytics summary: admins see counts by status', async () => {
    const t = await team();
    const first = await openTicket(t.requester, t.orgId);
    await openTicket(t.requester, t.orgId);
    await call(`/api/v1/orgs/${t.orgId}/tickets/${first.id}`, {
      method: 'PATCH',
      token: t.agent.token,
      headers: { 'If-Match': '"1"' },
      body: { status: 'solved' },
    });
    await call(`/api/v1/orgs/${t.orgId}/tickets/${first.id}/messages`, {
      token: t.agent.token,
      body: { body: 'Fixed' },
    });
    // The worker's rollup (once a minute) may have run between the organization's creation and
    // the changes above, and would answer its zeros until the next one (as it would a user): drop
    // it, so that the summary is computed on the spot, or from a rollup made since the changes.
    await db`delete from org_analytics where org_id = ${t.orgId}`;
    const res = await call(`/api/v1/orgs/${t.orgId}/analytics/summary`, { token: t.admin.token });
    expect(res.status).toBe(200);
    expect(res.body.byStatus).toEqual({ open: 1, pending: 0, solved: 1, closed: 0 });
    expect(res.body.createdLast7Days).toBe(2);
    expect(typeof res.body.medianFirstResponseSeconds).toBe('number');
    expect(
      (await call(`/api/v1/orgs/${t.orgId}/analytics/summary`, { token: t.agent.token })).status,
    ).toBe(403);
  });
});
