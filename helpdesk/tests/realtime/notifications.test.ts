import { describe, expect, test } from 'bun:test';
import type { Notification } from '@insightdesk/helpdesk';
import { team } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { type Client, connectClient, waitConnected } from '../../../tests/support/realtime';
import { eventually } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

/** A connected socket that subscribes to nothing, and what arrives on its private channel. */
async function inbox(token: string, instance: 'ws-1' | 'ws-2') {
  const socket: Client = connectClient({ token, instance });
  const received: Notification[] = [];
  socket.on('notification.created', (n) => received.push(n));
  await waitConnected(socket);
  return { socket, received };
}

describe('notifications on the user’s private channel', () => {
  test('assigned and replied-to users hear it on every socket, without subscribing; no one else does', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId, { subject: 'Broken chair' });
    const agentSockets = [await inbox(t.agent.token, 'ws-1'), await inbox(t.agent.token, 'ws-2')];
    const requester = await inbox(t.requester.token, 'ws-2');
    const others = [await inbox(t.admin.token, 'ws-1'), await inbox(t.requester2.token, 'ws-1')];

    const assigned = await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}`, {
      method: 'PATCH',
      token: t.admin.token,
      headers: { 'If-Match': '"1"' },
      body: { assigneeId: t.agent.user.id },
    });
    expect(assigned.status).toBe(200);
    for (const { received } of agentSockets) {
      await eventually(() => received.some((n) => n.kind === 'assigned'), 10_000);
      expect(received.find((n) => n.kind === 'assigned')).toMatchObject({
        orgId: t.orgId,
        ticket: { id: ticket.id, number: ticket.number, subject: 'Broken chair' },
        actor: { id: t.admin.user.id },
        read: false,
      });
    }

    // A public reply by the agent: the requester hears it (the agent, its author, does not).
    await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.agent.token,
      body: { body: 'On my way.' },
    });
    await eventually(() => requester.received.some((n) => n.kind === 'reply'), 10_000);
    // An internal note: the requester never hears of it.
    await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.admin.token,
      body: { body: 'internal: replace it', internal: true },
    });
    // The requester replies: the assignee hears it.
    await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
      token: t.requester.token,
      body: { body: 'Thanks!' },
    });
    for (const { received } of agentSockets)
      await eventually(() => received.filter((n) => n.kind === 'reply').length === 2, 10_000);
    await Bun.sleep(500);
    expect(requester.received.filter((n) => n.kind === 'reply')).toHaveLength(1);
    for (const other of others) expect(other.received).toEqual([]);
    for (const s of [...agentSockets, requester, ...others]) s.socket.disconnect();
  });

  test('listed with an unread count; marked read one by one or all; nobody marks another’s', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    for (const body of ['one', 'two', 'three'])
      await call(`/api/v1/orgs/${t.orgId}/tickets/${ticket.id}/messages`, {
        token: t.agent.token,
        body: { body },
      });
    const list = await eventually(async () => {
      const res = await call('/api/v1/me/notifications', { token: t.requester.token });
      return res.body.items?.length === 3 ? res : undefined;
    });
    expect(list.body.unreadCount).toBe(3);
    const [newest] = list.body.items;
    expect(newest).toMatchObject({ kind: 'reply', read: false, ticket: { id: ticket.id } });

    // Someone else cannot mark them.
    const foreign = await call('/api/v1/me/notifications/read', {
      token: t.agent.token,
      body: { ids: [newest.id] },
    });
    expect(foreign.status).toBe(200);
    expect(
      (await call('/api/v1/me/notifications', { token: t.requester.token })).body.unreadCount,
    ).toBe(3);

    const one = await call('/api/v1/me/notifications/read', {
      token: t.requester.token,
      body: { ids: [newest.id] },
    });
    expect(one.body).toEqual({ unreadCount: 2 });
    const unread = await call('/api/v1/me/notifications?unread=true', { token: t.requester.token });
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(newest.id);
    const paged = await call('/api/v1/me/notifications?limit=2', { token: t.requester.token });
    expect(paged.body.items).toHaveLength(2);
    const next = await call(`/api/v1/me/notifications?limit=2&cursor=${paged.body.nextCursor}`, {
      token: t.requester.token,
    });
    expect(next.body.items).toHaveLength(1);
    expect(
      (
        await call('/api/v1/me/notifications/read', {
          token: t.requester.token,
          body: { all: true },
        })
      ).body,
    ).toEqual({ unreadCount: 0 });
    const bad = await call('/api/v1/me/notifications/read', {
      token: t.requester.token,
      body: { ids: ['not-a-uuid'] },
    });
    expect(bad.status).toBe(400);
  });
});
