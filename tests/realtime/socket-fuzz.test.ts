import { expect, test } from 'bun:test';
import { LOG_FLUSH_MS } from '@insightdesk/shared/logger';
import type { Socket } from 'socket.io-client';
import { createItem, registerOwner } from '../support/api';
import { openRawSocket } from '../support/raw-socket';
import { connectClient, request, subscribed, waitConnected } from '../support/realtime';
import { logLength, logSince, processInfo } from '../support/stack';

const INSTANCES = ['ws-1', 'ws-2'] as const;
const uuid = () => crypto.randomUUID();
const refused = { ok: false, error: 'invalid_request' };

/** A value nested `depth` arrays deep (JSON parsers recurse on it). */
const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

/**
 * Malformed client events as a Socket.IO client library would send them (`args`, with an
 * acknowledgement added when `ack`): wrong payload types, unknown keys, missing and extra
 * arguments, an acknowledgement on an event that takes none, binary, oversized fields, unknown
 * and prototype-named events, deep nesting.
 */
function libraryShapes(orgId: string, itemId: string) {
  const withAck: [string, ...unknown[]][] = [
    ['subscribe', 'not an object'],
    ['subscribe', { orgId: 42 }],
    ['subscribe', { orgId: 'x' }],
    ['subscribe', { orgId, since: 'yesterday' }],
    ['subscribe', { orgId, extra: true }],
    ['subscribe', { orgId }, 'an extra argument'],
    ['subscribe'],
    ['subscribe', null],
    ['unsubscribe', [orgId]],
    ['item.watch', { orgId }], // events no one declares, shaped as a product's would be
    ['item.unwatch', { orgId, itemId: 7 }],
    ['item.typing', { orgId, itemId }],
    ['auth', { token: 'x'.repeat(5000) }],
    ['auth', { token: '' }],
    ['no.such.event', {}],
    ['__proto__', {}],
    ['constructor', { orgId }],
    ['hasOwnProperty', {}],
    ['error', { orgId }],
    ['subscribe', Buffer.from('binary payload')],
    ['subscribe', { orgId: new Uint8Array(16) }],
    ['item.watch', { orgId, itemId: nested(500) }],
  ];
  const withoutAck: [string, ...unknown[]][] = [
    ['unsubscribe', { orgId: 'x' }, 1], // a number where the acknowledgement goes
    ['subscribe', { orgId }], // an acknowledgement is required
    ['item.watch', { orgId, itemId }, 'x', null],
    ['item.typing', 'x'],
    ['auth', null],
    ['no.such.event'],
    ['subscribe', Buffer.alloc(2048)],
  ];
  return { withAck, withoutAck };
}

/**
 * Frames no library would send, over a plain WebSocket: engine.io and Socket.IO garbage, event
 * packets of every arity, binary attachments (valid, out of range, too many, orphaned), another
 * namespace, oversized frames.
 */
function rawFrames(orgId: string): (string | Uint8Array)[][] {
  const placeholder = '{"_placeholder":true,"num":0}';
  return [
    ['x', '', '9', '4', '4garbage'],
    ['42[', '42{"a":1}', '42[]', '42[null]', '42[1,2,3]', '42[{"a":1}]'],
    ['42["subscribe"]', '421["subscribe"]', `421["subscribe",{"orgId":"${orgId}"},1,2,3]`],
    ['4299999999999999999999["subscribe",{}]', '42["__proto__",{}]', '421["constructor",{}]'],
    ['43["an ack nobody asked for"]', '430[]', '44{}', '40', '42/admin,["subscribe",{}]'],
    [`451-1["subscribe",${placeholder}]`, new Uint8Array([1, 2, 3, 4])],
    ['451-["subscribe",{"_placeholder":true,"num":5}]', new Uint8Array([1])],
    [`4511-["subscribe",${placeholder}]`],
    [new Uint8Array(64)],
    [`421["subscribe",${'['.repeat(3000)}${']'.repeat(3000)}]`],
    [`42["subscribe","${'x'.repeat(20_000)}"]`],
    [`42["subscribe","${'y'.repeat(2_000_000)}"]`],
    ['41', '421["subscribe",{}]'],
  ];
}

test('thousands of malformed packets from several sockets leave both ws instances running and serving', async () => {
  const victim = await registerOwner('Victim');
  const attackers = await Promise.all([registerOwner('Mallory'), registerOwner('Trudy')]);
  const before = await Promise.all(INSTANCES.map(processInfo));
  const logOffsets = INSTANCES.map(logLength);
  let packets = 0;

  // 1. Each shape, within the budget: every one with an acknowledgement is answered
  //    invalid_request, the others are dropped, and the socket keeps working.
  for (const [i, attacker] of attackers.entries()) {
    const item = await createItem(attacker, attacker.orgId);
    const client = connectClient({ token: attacker.token, instance: INSTANCES[i % 2] });
    await waitConnected(client);
    const raw: Socket = client;
    const { withAck, withoutAck } = libraryShapes(attacker.orgId, item.id);
    for (const [event, ...args] of withoutAck) raw.emit(event, ...args);
    const answers = await Promise.all(
      withAck.map(([event, ...args]) => raw.timeout(5000).emitWithAck(event, ...args)),
    );
    packets += withAck.length + withoutAck.length;
    expect(answers).toEqual(withAck.map(() => refused));
    expect(client.connected).toBe(true);
    expect((await request(client, 'subscribe', { orgId: attacker.orgId })).ok).toBe(true);
    client.disconnect();
  }

  // 2. Volume: several sockets at once blast every shape until the server cuts them off for
  //    going over budget, then come back. Every answer is a refusal.
  const answers = new Map<string, number>();
  const blast = async (worker: number) => {
    const attacker = attackers[worker % attackers.length] ?? victim;
    const { withAck, withoutAck } = libraryShapes(attacker.orgId, uuid());
    let sent = 0;
    while (sent < 500) {
      const client = connectClient({ token: attacker.token, instance: INSTANCES[worker % 2] });
      await waitConnected(client);
      const raw: Socket = client;
      for (let i = 0; client.connected && i < 400 && sent < 500; i++, sent++) {
        const [event, ...args] = withAck[i % withAck.length] ?? ['x'];
        if (i % 5 === 4) raw.emit(...(withoutAck[i % withoutAck.length] ?? ['x']));
        else
          raw.emit(event, ...args, (answer: { ok: boolean; error: string }) => {
            const key = `${answer.ok}:${answer.error}`;
            answers.set(key, (answers.get(key) ?? 0) + 1);
          });
        if (i % 50 === 49) await Bun.sleep(5); // let the transport flush
      }
      await Bun.sleep(200);
      client.disconnect();
    }
    packets += sent;
  };
  await Promise.all([0, 1, 2, 3, 4, 5].map(blast));
  expect([...answers.keys()].sort()).toEqual(['false:invalid_request', 'false:rate_limited']);

  // 3. Raw frames over plain WebSockets, several connections at once on both instances.
  const frameSets = rawFrames(attackers[0]?.orgId ?? uuid());
  const rawAnswers: unknown[] = [];
  const rawWorker = async (worker: number) => {
    for (let round = 0; round < 8; round++) {
      for (const [n, frames] of frameSets.entries()) {
        if ((n + round) % 4 !== worker) continue;
        const socket = await openRawSocket(attackers[worker % 2]?.token, INSTANCES[n % 2]);
        for (const frame of frames) socket.send(frame);
        packets += frames.length;
        await Promise.race([socket.closed, Bun.sleep(300)]);
        const ack = socket.ack(1);
        if (ack !== undefined) rawAnswers.push(ack);
        socket.close();
      }
    }
  };
  await Promise.all([0, 1, 2, 3].map(rawWorker));
  // Frames that parse as an event with an acknowledgement are refused like any other.
  expect(rawAnswers.length).toBeGreaterThan(0);
  for (const answer of rawAnswers) expect(answer).toEqual(refused);
  console.log(`socket fuzz: ${packets} malformed packets, answers ${JSON.stringify([...answers])}`);
  expect(packets).toBeGreaterThan(3000);

  // Both instances still run (same process, no restart), logged no error, and serve.
  const after = await Promise.all(INSTANCES.map(processInfo));
  expect(after.map((p) => [p.pid, p.restarts])).toEqual(before.map((p) => [p.pid, p.restarts]));
  await Bun.sleep(2 * LOG_FLUSH_MS); // every line of the fuzz written by now
  for (const [i, name] of INSTANCES.entries()) {
    const errors = logSince(name, logOffsets[i] ?? 0).filter(
      (line) => JSON.parse(line).level >= 50,
    );
    expect(errors).toEqual([]);
  }
  for (const instance of INSTANCES) {
    const client = await subscribed(victim.token, victim.orgId, { instance });
    const item = await createItem(victim, victim.orgId, `after the fuzz (${instance})`);
    await client.until(() => client.of('item.created').length === 1);
    expect(client.of('item.created')[0]?.data.item.id).toBe(item.id);
    client.socket.disconnect();
  }
}, 120_000);

test('two CONNECTs raced on one connection close it: one Socket.IO socket per WebSocket', async () => {
  const owner = await registerOwner('Racer');
  const socket = await openRawSocket(undefined, 'ws-1');
  const connect = `40${JSON.stringify({ token: owner.token })}`;
  // Both sent before the first is through the middlewares (a token check, a session read).
  socket.send(connect);
  socket.send(connect);
  const closed = await Promise.race([socket.closed.then(() => true), Bun.sleep(5000)]);
  expect(closed).toBe(true);
  // The owner connects again and is served.
  const client = await subscribed(owner.token, owner.orgId, { instance: 'ws-1' });
  const item = await createItem(owner, owner.orgId, 'after the race');
  await client.until(() => client.of('item.created').length === 1);
  expect(client.of('item.created')[0]?.data.item.id).toBe(item.id);
  client.socket.disconnect();
});
