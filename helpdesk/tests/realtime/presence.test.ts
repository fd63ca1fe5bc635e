import { afterAll, describe, expect, test } from 'bun:test';
import type { helpdeskClientEvents, Viewer } from '@insightdesk/helpdesk';
import type { ClientEventAnswer } from '@insightdesk/shared/realtime';
import { team } from '../../../tests/support/api';
import { call } from '../../../tests/support/http';
import { connectClient, record, request, waitConnected } from '../../../tests/support/realtime';
import { eventually, processInfo, stack } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

afterAll(async () => {
  await stack('start', 'ws-1');
});

/** The viewers of an acknowledgement (or of a presence.updated event's data). */
const viewersOf = (
  from: ClientEventAnswer<typeof helpdeskClientEvents, 'ticket.watch'> | { viewers: Viewer[] },
) => ('viewers' in from ? from.viewers : undefined);
const viewerIds = (
  from: ClientEventAnswer<typeof helpdeskClientEvents, 'ticket.watch'> | { viewers: Viewer[] },
) =>
  viewersOf(from)
    ?.map((v) => v.userId)
    .sort();

describe('presence and typing', () => {
  test('viewers appear and disappear; typing reaches the others watching', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const agent = connectClient({ token: t.agent.token, instance: 'ws-1' });
    const rita = connectClient({ token: t.requester.token, instance: 'ws-2' });
    const agentEvents = record(agent);
    const ritaEvents = record(rita);
    await Promise.all([waitConnected(agent), waitConnected(rita)]);
    const target = { orgId: t.orgId, ticketId: ticket.id };

    const first = await request(agent, 'ticket.watch', target);
    expect(viewersOf(first)).toEqual([{ userId: t.agent.user.id, name: 'Agent' }]);
    const second = await request(rita, 'ticket.watch', target);
    expect(viewerIds(second)).toEqual([t.agent.user.id, t.requester.user.id].sort());
    await agentEvents.until(() =>
      agentEvents
        .of('presence.updated')
        .some((e) => e.data.viewers.length === 2 && e.data.ticketId === ticket.id),
    );
    const update = agentEvents.of('presence.updated').at(-1);
    expect(update).toMatchObject({ type: 'presence.updated', orgId: t.orgId, id: null });

    rita.emit('ticket.typing', target);
    await agentEvents.until(() => agentEvents.of('typing').length === 1);
    expect(agentEvents.of('typing')[0]?.data).toEqual({
      ticketId: ticket.id,
      user: { id: t.requester.user.id, name: 'Rita' },
    });
    rita.emit('ticket.typing', target); // throttled: within 1.5 s of the first
    await Bun.sleep(300);
    expect(agentEvents.of('typing')).toHaveLength(1);
    expect(ritaEvents.of('typing')).toHaveLength(0);

    const left = await request(rita, 'ticket.unwatch', target);
    expect(viewerIds(left)).toEqual([t.agent.user.id]);
    await agentEvents.until(
      () => agentEvents.of('presence.updated').at(-1)?.data.viewers.length === 1,
    );
    agent.disconnect();
    rita.disconnect();
  });

  test('a member removed while watching stops watching: gone from presence, hears no typing', async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const target = { orgId: t.orgId, ticketId: ticket.id };
    const agent = connectClient({ token: t.agent.token, instance: 'ws-1' });
    const rita = connectClient({ token: t.requester.token, instance: 'ws-2' });
    const agentEvents = record(agent);
    const ritaEvents = record(rita);
    await Promise.all([waitConnected(agent), waitConnected(rita)]);
    await request(agent, 'ticket.watch', target);
    const both = await request(rita, 'ticket.watch', target);
    expect(viewerIds(both)).toEqual([t.agent.user.id, t.requester.user.id].sort());

    const removed = await call(`/api/v1/orgs/${t.orgId}/members/${t.agent.user.id}`, {
      method: 'DELETE',
      token: t.owner.token,
    });
    expect(removed.status).toBe(204);
    await ritaEvents.until((events) => {
      const last = events.filter((e) => e.type === 'presence.updated').at(-1);
      return last?.data.viewers.length === 1;
    }, 15_000);
    expect(viewerIds(ritaEvents.of('presence.updated').at(-1)?.data)).toEqual([
      t.requester.user.id,
    ]);
    rita.emit('ticket.typing', target);
    await Bun.sleep(500);
    expect(agentEvents.of('typing')).toHaveLength(0);
    agent.disconnect();
    rita.disconnect();
  });

  test("requesters cannot watch others' tickets; outsiders cannot watch at all", async () => {
    const t = await team();
    const other = await team();
    const robs = await openTicket(t.requester2, t.orgId);
    const rita = connectClient({ token: t.requester.token });
    await waitConnected(rita);
    expect(await request(rita, 'ticket.watch', { orgId: t.orgId, ticketId: robs.id })).toEqual({
      ok: false,
      error: 'not_found',
    });
    expect(await request(rita, 'ticket.watch', { orgId: other.orgId, ticketId: robs.id })).toEqual({
      ok: false,
      error: 'not_found',
    });
    rita.disconnect();
  });

  test("a killed instance's viewers expire (within the presence TTL)", async () => {
    const t = await team();
    const ticket = await openTicket(t.requester, t.orgId);
    const target = { orgId: t.orgId, ticketId: ticket.id };
    const doomed = connectClient({ token: t.admin.token, instance: 'ws-1' });
    const survivor = connectClient({ token: t.agent.token, instance: 'ws-2' });
    const events = record(survivor);
    await Promise.all([waitConnected(doomed), waitConnected(survivor)]);
    await request(doomed, 'ticket.watch', target);
    const both = await request(survivor, 'ticket.watch', target);
    expect(viewerIds(both)).toEqual([t.admin.user.id, t.agent.user.id].sort());

    const ws1 = await processInfo('ws-1');
    process.kill(ws1.pid as number, 'SIGKILL'); // no goodbye: its entries must expire
    await eventually(
      () =>
        events
          .of('presence.updated')
          .some((e) => e.data.viewers.length === 1 && e.data.viewers[0].userId === t.agent.user.id),
      30_000,
      100,
    );
    survivor.disconnect();
    doomed.disconnect();
    await eventually(async () => (await processInfo('ws-1')).ready, 20_000);
  }, 60_000);
});
