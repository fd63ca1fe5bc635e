import { afterEach, describe, expect, test } from 'bun:test';
import { loadConfig, realtimeConfig } from '@insightdesk/shared/config';
import type { Socket } from 'socket.io-client';
import { acceptLink, createItem, registerOwner } from '../support/api';
import { call } from '../support/http';
import {
  type Client,
  connectClient,
  type Envelope,
  request,
  subscribed,
  waitConnected,
} from '../support/realtime';
import { eventually, processInfo, ROOT, rssBytes } from '../support/stack';

const limits = loadConfig({ realtime: realtimeConfig }, { dir: ROOT }).realtime;
const INSTANCES = ['ws-1', 'ws-2'] as const;
const MB = 1024 * 1024;

const open: Client[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.disconnect();
});
const track = (socket: Client) => {
  open.push(socket);
  return socket;
};

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Both ws instances' resident memory: the least of a few readings (after the collector ran). */
async function wsMemory(): Promise<number> {
  const pids = (await Promise.all(INSTANCES.map(processInfo))).map((p) => p.pid as number);
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    least = Math.min(
      least,
      pids.reduce((sum, pid) => sum + rssBytes(pid), 0),
    );
    await Bun.sleep(200);
  }
  return least;
}

describe('per-socket and per-user budgets', () => {
  test("a flood of subscribe and unsubscribe from one socket is refused; another organization's fan-out is not slowed", async () => {
    const flooder = await registerOwner('Flood');
    const calm = await registerOwner('Calm');
    const listeners = await Promise.all(
      INSTANCES.map((instance) => subscribed(calm.token, calm.orgId, { instance })),
    );
    for (const l of listeners) open.push(l.socket);
    /** Latency from the API's answer to the later of the two listeners' receipt, per event. */
    const fanOut = async (events: number) => {
      const arrivals = listeners.map(() => new Map<string, number>());
      // Any event's listener: the fixture product's `item.created` is not the help desk's type.
      const arrived = listeners.map((_, i) => (type: string, event: Envelope) => {
        if (type === 'item.created') arrivals[i]?.set(event.data.item.id, performance.now());
      });
      for (const [i, l] of listeners.entries()) l.socket.onAny(arrived[i] as never);
      const latencies: number[] = [];
      for (let e = 0; e < events; e++) {
        const { id } = await createItem(calm, calm.orgId, `fan-out ${e}`);
        const answered = performance.now();
        const times = await eventually(
          () => {
            const got = arrivals.map((a) => a.get(id));
            return got.every((t) => t !== undefined) ? (got as number[]) : null;
          },
          10_000,
          2,
        );
        latencies.push(Math.max(0, ...times.map((t) => t - answered)));
      }
      for (const [i, l] of listeners.entries()) l.socket.offAny(arrived[i] as never);
      return latencies;
    };

    await fanOut(3); // warm-up
    const baseline = await fanOut(10);
    const memoryBefore = await wsMemory();

    const socket = track(
      connectClient({ token: flooder.token, instance: 'ws-1', transports: ['websocket'] }),
    );
    await waitConnected(socket);
    let disconnectReason = '';
    socket.on('disconnect', (reason) => {
      disconnectReason = reason;
    });
    const answers = {
      subscribe: new Map<string, number>(),
      unsubscribe: new Map<string, number>(),
    };
    const count = (event: keyof typeof answers) => (answer: { ok: boolean; error?: string }) => {
      const key = answer.ok ? 'ok' : (answer.error ?? '?');
      answers[event].set(key, (answers[event].get(key) ?? 0) + 1);
    };
    const raw: Socket = socket;
    const flood = (async () => {
      for (let i = 0; i < 1000; i++) {
        raw.emit('subscribe', { orgId: flooder.orgId }, count('subscribe'));
        raw.emit('unsubscribe', { orgId: flooder.orgId }, count('unsubscribe'));
        if (i % 100 === 99) await Bun.sleep(100); // 2,000 events in about a second
      }
    })();
    const during = await fanOut(10);
    await flood;
    await eventually(() => disconnectReason !== '', 10_000);

    console.log(
      `flood: subscribe ${JSON.stringify([...answers.subscribe])}, unsubscribe ${JSON.stringify([...answers.unsubscribe])}; ` +
        `other organization's fan-out p50/max: before ${median(baseline).toFixed(1)}/${Math.max(...baseline).toFixed(1)} ms, ` +
        `during ${median(during).toFixed(1)}/${Math.max(...during).toFixed(1)} ms`,
    );
    expect(answers.subscribe.get('rate_limited')).toBeGreaterThan(0);
    expect(answers.unsubscribe.get('rate_limited')).toBeGreaterThan(0);
    // Only what the budget allows was done: at most a burst plus its refill over the flood (the
    // socket may be gone before those answers).
    const done = (answers.subscribe.get('ok') ?? 0) + (answers.unsubscribe.get('ok') ?? 0);
    expect(done).toBeLessThanOrEqual(limits.eventBurst + 20);
    // Persisting over budget: the server disconnected the socket after as many refusals.
    const refusals =
      (answers.subscribe.get('rate_limited') ?? 0) + (answers.unsubscribe.get('rate_limited') ?? 0);
    expect(refusals).toBeGreaterThanOrEqual(limits.refusalsBeforeDisconnect);
    expect(refusals).toBeLessThan(1000);
    expect(disconnectReason).toBe('io server disconnect');
    // Every event of the other organization arrived (a generous sanity bound, not a timing goal).
    expect(Math.max(...during)).toBeLessThan(5000);

    const memoryAfter = await eventually(
      async () => {
        const now = await wsMemory();
        return now <= memoryBefore + 32 * MB ? now : null;
      },
      30_000,
      500,
    );
    console.log(
      `ws memory (both instances): before ${(memoryBefore / MB).toFixed(1)} MB, after ${(memoryAfter / MB).toFixed(1)} MB`,
    );
  }, 90_000);

  test('open sockets per user are capped across both instances', async () => {
    const user = await registerOwner('Tabs');
    const connect = (i: number) =>
      track(
        connectClient({ token: user.token, instance: INSTANCES[i % 2], transports: ['websocket'] }),
      );
    const sockets: Client[] = [];
    for (let i = 0; i < limits.socketsPerUser; i += 10) {
      const batch = Array.from({ length: Math.min(10, limits.socketsPerUser - i) }, (_, j) =>
        connect(i + j),
      );
      await Promise.all(batch.map((s) => waitConnected(s)));
      sockets.push(...batch);
    }
    const extra = connect(0);
    const refused = await waitConnected(extra).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(refused).toBe('rate_limited');
    // Another user is not affected.
    const other = await registerOwner();
    await waitConnected(track(connectClient({ token: other.token })));
    // A closed socket makes room.
    sockets[0]?.disconnect();
    await eventually(
      async () => {
        const again = connect(1);
        return waitConnected(again).then(
          () => true,
          () => false,
        );
      },
      10_000,
      200,
    );
  }, 30_000);

  test('replays (subscribe with since) are bounded per socket per minute', async () => {
    const owner = await registerOwner('Replay');
    await createItem(owner, owner.orgId);
    const socket = track(connectClient({ token: owner.token }));
    await waitConnected(socket);
    let replays = 0;
    for (;;) {
      const ack = await request(socket, 'subscribe', { orgId: owner.orgId, since: '0-0' });
      if (!ack.ok) {
        expect(ack.error).toBe('rate_limited');
        break;
      }
      replays += 1;
      if (replays > limits.replaysPerMinute + 5) break;
    }
    expect(replays).toBeGreaterThanOrEqual(limits.replaysPerMinute);
    expect(replays).toBeLessThanOrEqual(limits.replaysPerMinute + 2);
    // Subscribing without a replay is still allowed.
    expect((await request(socket, 'subscribe', { orgId: owner.orgId })).ok).toBe(true);
  }, 30_000);

  test('organizations subscribed per socket are capped', async () => {
    const owner = await registerOwner('Caps');
    // Members of more organizations than a socket may follow: invited by their owners (creating
    // them all would spend the per-user organization quota).
    const orgIds = [owner.orgId];
    while (orgIds.length <= limits.subscriptionsPerSocket) {
      const other = await registerOwner('Inviter');
      const invited = await call(`/api/v1/orgs/${other.orgId}/invitations`, {
        token: other.token,
        body: { email: owner.email, role: 'agent' },
      });
      expect(invited.status).toBe(201);
      const joined = await call('/api/v1/invitations/accept', {
        token: owner.token,
        body: { token: acceptLink(invited.body.id) },
      });
      expect(joined.status).toBe(200);
      orgIds.push(other.orgId);
    }
    const subscriber = track(connectClient({ token: owner.token }));
    await waitConnected(subscriber);
    const subscribe = (orgId: string) => request(subscriber, 'subscribe', { orgId });
    for (const orgId of orgIds.slice(0, limits.subscriptionsPerSocket))
      expect((await subscribe(orgId)).ok).toBe(true);
    const lastOrg = orgIds.at(-1) ?? '';
    expect(await subscribe(lastOrg)).toEqual({ ok: false, error: 'rate_limited' });
    await request(subscriber, 'unsubscribe', { orgId: owner.orgId });
    expect((await subscribe(lastOrg)).ok).toBe(true);
  }, 60_000);
});
