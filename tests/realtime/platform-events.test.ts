import { afterEach, describe, expect, test } from 'bun:test';
import { addMember, registerOwner } from '../support/api';
import {
  type Client,
  connectClient,
  record,
  request,
  subscribed,
  waitConnected,
} from '../support/realtime';

// The platform's own event through the whole real-time path, whatever product runs: a member
// joins (an invitation accepted), the organization's staff hear `member.joined`, resumable by id;
// a requester does not (staff only).

const sockets: Client[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

describe("the platform's events", () => {
  test('member.joined reaches the staff subscribed to the organization, in the envelope', async () => {
    const owner = await registerOwner('Owner');
    const staff = await subscribed(owner.token, owner.orgId);
    sockets.push(staff.socket);
    const requester = await addMember(owner, 'requester', 'Rita');
    const rita = await subscribed(requester.token, owner.orgId);
    sockets.push(rita.socket);
    const agent = await addMember(owner, 'agent', 'Agnes');

    await staff.until((events) => events.some((e) => e.data.user?.id === agent.user.id));
    const joined = staff.of('member.joined').find((e) => e.data.user.id === agent.user.id);
    expect(joined).toMatchObject({
      orgId: owner.orgId,
      type: 'member.joined',
      data: { user: { id: agent.user.id, name: 'Agnes' }, role: 'agent' },
    });
    expect(joined?.id).toMatch(/^\d+-\d+$/);
    // Resumable: a client back with the id of Rita's arrival is given Agnes's again.
    const before = staff.of('member.joined').find((e) => e.data.user.id === requester.user.id);
    const back = connectClient({ token: owner.token });
    sockets.push(back);
    const replayed = record(back);
    await waitConnected(back);
    const ack = await request(back, 'subscribe', { orgId: owner.orgId, since: before?.id ?? '' });
    expect(ack).toEqual({ ok: true, lastEventId: joined?.id ?? '' });
    expect(replayed.of('member.joined').map((e) => e.id)).toEqual([joined?.id ?? null]);
    // Staff only: the requester heard nothing of it.
    await Bun.sleep(300);
    expect(rita.of('member.joined')).toEqual([]);
  });
});
