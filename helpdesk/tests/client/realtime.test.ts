import { afterAll, describe, expect, test } from 'bun:test';
import type { RealtimeClient, Session } from '@insightdesk/client';
import { loadConfig, valkeyConfig } from '@insightdesk/shared/config';
import { createLogger } from '@insightdesk/shared/logger';
import { compareEventIds, streamKey } from '@insightdesk/shared/realtime';
import { createValkey } from '@insightdesk/shared/valkey';
import { type Account, registerOwner, team } from '../../../tests/support/api';
import { nodeSocket, resigned, sdk } from '../../../tests/support/client';
import { eventually, processInfo, ROOT, stack } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

const valkey = createValkey({
  url: loadConfig({ valkey: valkeyConfig }, { dir: ROOT }).valkey.url,
  name: 'tests',
  kind: 'command',
  logger: createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' }),
});
const open: RealtimeClient[] = [];
afterAll(async () => {
  for (const client of open) client.close();
  valkey.disconnect();
  await stack('start', 'ws-1');
});

async function loggedIn(account: Account) {
  const client = sdk();
  await client.login({ email: account.email, password: account.password });
  return client;
}

/** The ticket.created events a realtime client hands on, in the order it hands them on. */
function ticketsOf(realtime: RealtimeClient) {
  const events: { id: string; ticketId: string }[] = [];
  realtime.on('ticket.created', (event) =>
    events.push({ id: event.id, ticketId: event.data.ticket.id }),
  );
  return events;
}

function expectIncreasing(ids: string[]) {
  for (let i = 1; i < ids.length; i++)
    expect(compareEventIds(ids[i - 1] as string, ids[i] as string)).toBeLessThan(0);
}

describe('@insightdesk/client: realtime', () => {
  test('a default client over long-polling (no withCredentials, no cookies) subscribes and receives in order', async () => {
    const t = await team();
    const client = await loggedIn(t.agent);
    const realtime = client.realtime({ socket: { ...nodeSocket, transports: ['polling'] } });
    open.push(realtime);
    const received = ticketsOf(realtime);
    expect(await realtime.subscribe(t.orgId)).toEqual({ ok: true, resync: false });
    expect(realtime.socket.io.engine.transport.name).toBe('polling');
    const created: string[] = [];
    for (let i = 0; i < 5; i++)
      created.push((await openTicket(t.requester, t.orgId, { subject: `polled ${i}` })).id);
    await eventually(() => received.length >= created.length);
    expect(received.map((e) => e.ticketId)).toEqual(created);
    expect(realtime.lastEventId(t.orgId)).toBe(received.at(-1)?.id);
    // Not a member: refused with the reason, and not retried.
    const stranger = await registerOwner('Stranger');
    expect(await realtime.subscribe(stranger.orgId)).toEqual({ ok: false, error: 'not_found' });
    realtime.close();
  });

  test('resumes across a ws instance stop: every event produced meanwhile arrives once, in order', async () => {
    const t = await team();
    const client = await loggedIn(t.agent);
    const realtime = client.realtime({
      socket: {
        ...nodeSocket,
        // Pinned to ws-1 through nginx's sticky cookie, so that stopping ws-1 moves this client.
        withCredentials: true,
        extraHeaders: { cookie: 'insightdesk_ws=ws-1' },
        // Held off a moment, so that events are produced while it is away (replayed, not live).
        reconnectionDelay: 1_500,
        reconnectionDelayMax: 1_500,
        randomizationFactor: 0,
      },
    });
    open.push(realtime);
    const received = ticketsOf(realtime);
    let connects = 0;
    realtime.socket.on('connect', () => {
      connects += 1;
    });
    expect(await realtime.subscribe(t.orgId)).toEqual({ ok: true, resync: false });

    const created: string[] = [];
    for (let i = 0; i < 3; i++)
      created.push((await openTicket(t.requester, t.orgId, { subject: `before ${i}` })).id);
    await eventually(() => received.length === 3);
    const firstConnections = connects;

    const away = new Promise((resolve) => realtime.socket.once('disconnect', resolve));
    const stopping = stack('stop', 'ws-1');
    await away;
    let producedWhileAway = 0;
    for (let i = 0; i < 5; i++) {
      created.push((await openTicket(t.requester, t.orgId, { subject: `during ${i}` })).id);
      if (!realtime.socket.connected) producedWhileAway += 1;
    }
    await stopping;
    expect((await processInfo('ws-1')).state).toBe('stopped');
    for (let i = 0; i < 2; i++)
      created.push((await openTicket(t.requester, t.orgId, { subject: `after ${i}` })).id);

    await eventually(() => received.length >= created.length, 20_000);
    await Bun.sleep(300); // anything delivered twice would have arrived by now
    expect(connects).toBeGreaterThan(firstConnections); // it did reconnect (to ws-2)
    expect(producedWhileAway).toBeGreaterThan(0); // so those came from the replay after `since`
    expect(received.map((e) => e.ticketId)).toEqual(created);
    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expectIncreasing(ids);
    realtime.close();
    await stack('start', 'ws-1');
  }, 60_000);

  test('a `since` older than the stream keeps is surfaced once through onResync; live events follow', async () => {
    const owner = await registerOwner('Resync');
    const client = await loggedIn(owner);
    const first = client.realtime({ socket: nodeSocket });
    open.push(first);
    const seen = ticketsOf(first);
    await first.subscribe(owner.orgId);
    for (let i = 0; i < 3; i++) await openTicket(owner, owner.orgId, { subject: `kept? ${i}` });
    await eventually(() => seen.length === 3);
    first.close();
    const [e1, e2, e3] = seen.map((e) => e.id) as [string, string, string];
    // The stream trims its oldest entries as the append script does when over its bounds.
    const key = streamKey(owner.orgId);
    await valkey.xtrim(key, 'MINID', e3);
    await valkey.call('XSETID', key, e3, 'MAXDELETEDID', e2);

    const resyncs: string[] = [];
    const later = client.realtime({
      socket: nodeSocket,
      resumeFrom: { [owner.orgId]: e1 },
      onResync: (orgId) => resyncs.push(orgId),
    });
    open.push(later);
    const received = ticketsOf(later);
    expect(await later.subscribe(owner.orgId)).toEqual({ ok: true, resync: true });
    expect(resyncs).toEqual([owner.orgId]);
    expect(later.lastEventId(owner.orgId)).toBe(e3);
    const live = await openTicket(owner, owner.orgId, { subject: 'live' });
    await eventually(() => received.length === 1);
    expect(received.map((e) => e.ticketId)).toEqual([live.id]);
    expect(resyncs).toHaveLength(1);
    later.close();
  });

  test('renews its socket authentication before the access token expires: no disconnect, events go on', async () => {
    const owner = await registerOwner('Renew');
    const client = await loggedIn(owner);
    const current = client.session.current() as Session;
    // A session whose access token lives 4 more seconds; the client renews it after one.
    const expiresAt = Math.floor(Date.now() / 1000) + 4;
    const shortLived = sdk({
      session: {
        ...current,
        accessToken: await resigned(current.accessToken, expiresAt),
        expiresAt: expiresAt * 1000,
        refreshAt: Date.now() + 1_000,
      },
    });
    const realtime = shortLived.realtime({ socket: { ...nodeSocket, reconnection: false } });
    open.push(realtime);
    const disconnects: string[] = [];
    realtime.socket.on('disconnect', (reason) => disconnects.push(reason));
    const received = ticketsOf(realtime);
    await realtime.subscribe(owner.orgId);
    const socketId = realtime.socket.id;

    await eventually(() => shortLived.requests.count('/api/v1/auth/refresh') === 1);
    // Past the first token's expiry, when the server would have dropped a socket not renewed.
    await Bun.sleep(Math.max(0, expiresAt * 1000 - Date.now()) + 1_500);
    expect(disconnects).toEqual([]);
    expect(realtime.socket.connected).toBe(true);
    expect(realtime.socket.id).toBe(socketId);
    const ticket = await openTicket(owner, owner.orgId, { subject: 'after renewal' });
    await eventually(() => received.length === 1);
    expect(received[0]?.ticketId).toBe(ticket.id);
    realtime.close();
  }, 30_000);
});
