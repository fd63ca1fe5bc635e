import { afterAll, expect, test } from 'bun:test';
import { type Namespace, Server } from 'socket.io';
import { CompactMap, CompactSet } from './compact';
import { startLoopbackEngine } from './loopback-engine';
import { withCompactRooms } from './socket-io-adapter-internals';
import { clientCollectionsOf, compactClient } from './socket-io-internals';

/**
 * A fixed pseudo-random walk (a linear congruential generator from `seed`): over keys 0..19, the
 * collections' sizes cross the array's limit (8) many times.
 */
function walk(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
}

test('a CompactSet answers as a Set does, through growth past its array and back', () => {
  const compact = new CompactSet<number>();
  const reference = new Set<number>();
  const next = walk(7);
  for (let step = 0; step < 5_000; step++) {
    const value = next() % 20;
    if (next() % 3 === 0) expect(compact.delete(value)).toBe(reference.delete(value));
    else {
      expect(compact.add(value)).toBe(compact);
      reference.add(value);
    }
    expect(compact.size).toBe(reference.size);
    expect(compact.has(value)).toBe(reference.has(value));
    expect([...compact].sort()).toEqual([...reference].sort());
  }
  const seen: number[] = [];
  compact.forEach((value, key, set) => {
    expect(key).toBe(value);
    expect(set).toBe(compact);
    seen.push(value);
  });
  expect(seen.sort()).toEqual([...reference].sort());
});

test('a CompactMap answers as a Map does, through growth past its array and back', () => {
  const compact = new CompactMap<number, string>();
  const reference = new Map<number, string>();
  const next = walk(11);
  for (let step = 0; step < 5_000; step++) {
    const key = next() % 20;
    const op = next() % 4;
    if (op === 0) expect(compact.delete(key)).toBe(reference.delete(key));
    else if (op === 1 && next() % 50 === 0) {
      compact.clear();
      reference.clear();
    } else {
      expect(compact.set(key, `v${step}`)).toBe(compact);
      reference.set(key, `v${step}`);
    }
    expect(compact.size).toBe(reference.size);
    expect(compact.has(key)).toBe(reference.has(key));
    expect(compact.get(key)).toBe(reference.get(key));
    expect([...compact.values()].sort()).toEqual([...reference.values()].sort());
  }
  expect(new CompactMap(reference).size).toBe(reference.size);
});

test('a CompactSet iterates in insertion order, and past members deleted on the way', () => {
  const small = new CompactSet<string>().add('a').add('b').add('c');
  expect([...small.values()]).toEqual(['a', 'b', 'c']);
  const visited: string[] = [];
  for (const member of small) {
    visited.push(member);
    small.delete(member);
  }
  expect(visited).toEqual(['a', 'b', 'c']);
  expect(small.size).toBe(0);
});

// The adapter Socket.IO uses without one (in memory), wrapped as the service wraps its own.
const MemoryAdapter = new Server().adapter() as
  | (new (
      nsp: Namespace,
    ) => Namespace['adapter'])
  | undefined;
if (!MemoryAdapter) throw new Error('socket.io has no default adapter');
const loopback = startLoopbackEngine(
  undefined,
  {},
  { adapter: withCompactRooms((nsp) => new MemoryAdapter(nsp)) },
);
afterAll(() => loopback.stop());

test('rooms kept in CompactSets: joins, room emits, leaves and disconnects as before', async () => {
  const users = ['user:a', 'user:a', 'user:b'];
  let joined = 0;
  loopback.io.on('connection', (socket) => {
    socket.join(users[joined++ % users.length] ?? 'user:none');
    compactClient(socket);
  });
  const clients = await loopback.connect(3, () => ({ transports: ['websocket'] }));
  const adapter = loopback.io.of('/').adapter;
  const sockets = [...loopback.io.of('/').sockets.values()];
  expect(sockets).toHaveLength(3);
  for (const socket of sockets) {
    const client = clientCollectionsOf(socket);
    expect(client.sockets).toBeInstanceOf(CompactMap);
    expect(client.nsps).toBeInstanceOf(CompactMap);
    expect(adapter.sids.get(socket.id)).toBeInstanceOf(CompactSet);
    expect(adapter.rooms.get(socket.id)).toBeInstanceOf(CompactSet);
    expect(socket.rooms.size).toBe(2);
    expect(socket.rooms.has(socket.id)).toBe(true);
  }
  expect(adapter.rooms.get('user:a')?.size).toBe(2);

  // A room's emit reaches its members only.
  const heard = clients.map(
    (client) =>
      new Promise<boolean>((resolve) => {
        client.once('hello', () => resolve(true));
        setTimeout(() => resolve(false), 500);
      }),
  );
  loopback.io.to('user:a').emit('hello');
  // Which two clients are user:a's depends on the order their connections came in.
  expect((await Promise.all(heard)).filter(Boolean)).toHaveLength(2);

  // Leaving and disconnecting empty the rooms, which then go; the server's own disconnect
  // closes the client's connection through its CompactMaps.
  const [a1] = sockets.filter((s) => s.rooms.has('user:a'));
  a1?.leave('user:a');
  expect(adapter.rooms.get('user:a')?.size).toBe(1);
  const reasons: string[] = [];
  for (const socket of sockets) socket.on('disconnect', (reason) => reasons.push(reason));
  const [byServer] = sockets;
  const closed = clients.find((c) => c.id === byServer?.id);
  byServer?.disconnect(true);
  expect(reasons).toEqual(['server namespace disconnect']);
  for (let waited = 0; closed?.connected && waited < 3_000; waited += 50) await Bun.sleep(50);
  expect(closed?.connected).toBe(false);
  for (const client of clients) client.disconnect();
  for (let waited = 0; adapter.sids.size > 0 && waited < 3_000; waited += 50) await Bun.sleep(50);
  expect(adapter.sids.size).toBe(0);
  expect(adapter.rooms.size).toBe(0);
  expect(reasons.sort()).toEqual([
    'client namespace disconnect',
    'client namespace disconnect',
    'server namespace disconnect',
  ]);
}, 15_000);
