import { afterAll, describe, expect, test } from 'bun:test';
import type { Notification } from '@insightdesk/helpdesk';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import postgres from 'postgres';
import { acceptLink, registerOwner, team } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { connectClient, subscribed, waitConnected } from '../../../tests/support/realtime';
import { eventually, ROOT } from '../../../tests/support/stack';
import { slaSettingsLockKey } from '../../src/sla/policies';
import { openTicket } from '../support/tickets';

// Removal means removal: the removed member's tickets are unassigned (announced), their
// notifications of that organization go, and nothing of it reaches them afterwards. And a
// notification says what its recipient was told: the subject the ticket had then.

const db = postgres(loadConfig({ db: dbConfig }, { dir: ROOT }).db.url, {
  max: 2,
  onnotice: () => {},
});
afterAll(() => db.end());

const notificationsOf = async (token: string): Promise<Notification[]> =>
  (await call('/api/v1/me/notifications?limit=100', { token })).body.items;

describe('removing a member', () => {
  test('unassigns their tickets (ticket.updated), drops their notifications of that organization, and tells them nothing more', async () => {
    const t = await team();
    // The agent belongs to another organization too, whose notifications stay theirs.
    const other = await registerOwner('Elsewhere');
    const invited = await call(`/api/v1/orgs/${other.orgId}/invitations`, {
      token: other.token,
      body: { email: t.agent.email, role: 'agent' },
    });
    const joined = await call('/api/v1/invitations/accept', {
      token: t.agent.token,
      body: { token: acceptLink(invited.body.id) },
    });
    expect(joined.status).toBe(200);
    const elsewhere = await openTicket(other, other.orgId, { subject: 'Other org' });
    await call(`/api/v1/orgs/${other.orgId}/tickets/${elsewhere.id}`, {
      method: 'PATCH',
      token: other.token,
      headers: { 'If-Match': '"1"' },
      body: { assigneeId: t.agent.user.id },
    });

    const ticket = await openTicket(t.requester, t.orgId, { subject: 'Leaking tap' });
    const assigned = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: t.admin.token,
      headers: { 'If-Match': '"1"' },
      body: { assigneeId: t.agent.user.id },
    });
    expect(assigned.body.version).toBe(2);
    await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.requester.token,
      body: { body: 'Still dripping.' },
    });
    await eventually(async () => (await notificationsOf(t.agent.token)).length === 3);

    const inbox: Notification[] = [];
    const agentSocket = connectClient({ token: t.agent.token });
    agentSocket.on('notification.created', (n) => inbox.push(n));
    await waitConnected(agentSocket);
    const staff = await subscribed(t.admin.token, t.orgId);

    const removed = await call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
      method: 'DELETE',
      token: t.owner.token,
    });
    expect(removed.status).toBe(204);

    const now = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, {
      token: t.admin.token,
    });
    expect(now.body).toMatchObject({ assignee: null, version: 3 });
    await staff.until((events) =>
      events.some(
        (e) =>
          e.type === 'ticket.updated' &&
          e.data.ticket.id === ticket.id &&
          e.data.ticket.assignee === null &&
          e.data.changes.includes('assigneeId'),
      ),
    );
    const left = await notificationsOf(t.agent.token);
    expect(left.map((n) => n.orgId)).toEqual([other.orgId]);

    // An internal note and a public reply on the ticket: nothing reaches the removed agent.
    for (const [token, body] of [
      [t.admin.token, { body: 'internal: check the valve', internal: true }],
      [t.requester.token, { body: 'Any news?' }],
    ] as const) {
      const res = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
        token,
        body,
      });
      expect(res.status).toBe(201);
    }
    // The requester's notification (the admin's answer below) is a sentinel: once it arrives,
    // the ones before it were relayed too.
    await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.admin.token,
      body: { body: 'A plumber is on the way.' },
    });
    await eventually(async () =>
      (await notificationsOf(t.requester.token)).some((n) => n.actor?.id === t.admin.user.id),
    );
    await Bun.sleep(300);
    expect(inbox).toEqual([]);
    expect((await notificationsOf(t.agent.token)).map((n) => n.orgId)).toEqual([other.orgId]);
    agentSocket.disconnect();
    staff.socket.disconnect();
  });

  test('a notification keeps the subject its ticket had when it was made', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId, { subject: 'Printer jam' });
    await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.agent.token,
      body: { body: 'Which printer?' },
    });
    await eventually(async () => (await notificationsOf(t.requester.token)).length === 1);
    const renamed = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: t.agent.token,
      headers: { 'If-Match': '"1"' },
      body: { subject: 'Printer jam (3rd floor, confidential)' },
    });
    expect(renamed.status).toBe(200);
    await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.agent.token,
      body: { body: 'Fixed.' },
    });
    const list = await eventually(async () => {
      const items = await notificationsOf(t.requester.token);
      return items.length === 2 ? items : undefined;
    });
    expect(list.map((n) => n.ticket.subject)).toEqual([
      'Printer jam (3rd floor, confidential)',
      'Printer jam',
    ]);
  });
});

describe('removing a member during a recomputation of service levels', () => {
  test('the unassignment waits for it instead of deadlocking with it', async () => {
    const t = await team();
    const tickets = [];
    for (const subject of ['First', 'Second']) {
      const ticket = await openTicket(t.requester, t.orgId, { subject });
      const res = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, {
        method: 'PATCH',
        token: t.admin.token,
        headers: { 'If-Match': `"${ticket.version}"` },
        body: { assigneeId: t.agent.user.id },
      });
      expect(res.status).toBe(200);
      tickets.push(ticket.id as string);
    }
    // In the order a statement over the agent's tickets meets them: their rows' order.
    const [met, next] = (
      await db<{ id: string }[]>`
        select id from tickets where id in ${db(tickets)} order by ctid`
    ).map((row) => row.id);
    // What the worker's recomputation does: the settings lock (exclusive), then each ticket's
    // row read `for share`, one after another — here the one the removal meets second first.
    const held = await db.reserve();
    let finished = false;
    try {
      await held`begin`;
      await held`set local lock_timeout = '10s'`;
      await held`select pg_advisory_xact_lock(hashtext(${slaSettingsLockKey(t.orgId)}))`;
      await held`select id from tickets where id = ${next ?? ''} for share`;
      const removal = call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
        method: 'DELETE',
        token: t.owner.token,
      }).finally(() => {
        finished = true;
      });
      await Bun.sleep(500);
      // Had the removal locked the first row before waiting on the second, this would close the
      // cycle and PostgreSQL would fail one of the two.
      await held`select id from tickets where id = ${met ?? ''} for share`;
      await Bun.sleep(200);
      expect(finished).toBe(false);
      await held`commit`;
      expect((await removal).status).toBe(204);
    } finally {
      await held`rollback`.catch(() => undefined);
      held.release();
    }
    for (const id of tickets) {
      const now = await call(`/api/v1/orgs/${t.orgId}/tickets/${id}`, { token: t.admin.token });
      expect(now.body.assignee).toBe(null);
    }
  });
});
