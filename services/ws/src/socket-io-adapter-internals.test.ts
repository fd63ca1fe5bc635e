import { expect, test } from 'bun:test';
import { dirname } from 'node:path';
import { type Namespace, Server } from 'socket.io';
import { expectPinned } from '../../../tests/support/pinned-library';
import { CompactSet } from './compact';
import { SOCKET_IO_ADAPTER, withCompactRooms } from './socket-io-adapter-internals';

// The contract of socket-io-adapter-internals.ts: every Set the adapter makes for its `rooms` and
// `sids` becomes a CompactSet, and each operation on them answers as it does with Sets.

const ADAPTER_FILE = 'services/ws/src/socket-io-adapter-internals.ts';

test('the socket.io-adapter under socket.io and the Redis adapter is the version it was written for', () => {
  for (const user of ['socket.io', '@socket.io/redis-adapter'])
    expectPinned(SOCKET_IO_ADAPTER, ADAPTER_FILE, dirname(Bun.resolveSync(user, import.meta.dir)));
});

type Adapter = Namespace['adapter'];
// The adapter Socket.IO uses without one (in memory); the Redis adapter extends it.
const defaultAdapter = new Server().adapter() as (new (nsp: Namespace) => Adapter) | undefined;
if (!defaultAdapter) throw new Error('socket.io has no default adapter');
const MemoryAdapter = defaultAdapter;

/** An adapter on a namespace whose sockets are only ids (what `apply` looks up). */
function adapterWithSockets(...ids: string[]) {
  const sockets = new Map(ids.map((id) => [id, { id }]));
  const nsp = { name: '/', server: { encoder: {} }, sockets } as unknown as Namespace;
  return withCompactRooms((n: Namespace) => new MemoryAdapter(n))(nsp);
}

const found = async (adapter: Adapter, rooms: string[], except: string[] = []) =>
  (await adapter.fetchSockets({ rooms: new Set(rooms), except: new Set(except) }))
    .map((s) => s.id)
    .sort();

test("joins, leaves and a socket's departure through CompactSets, rooms going once empty", async () => {
  const adapter = adapterWithSockets('a', 'b', 'c');
  adapter.addAll('a', new Set(['a', 'staff', 'all']));
  adapter.addAll('b', new Set(['b', 'all']));
  adapter.addAll('c', new Set(['c', 'staff', 'all']));
  for (const set of [...adapter.rooms.values(), ...adapter.sids.values()])
    expect(set).toBeInstanceOf(CompactSet);
  expect([...(adapter.socketRooms('a') ?? [])]).toEqual(['a', 'staff', 'all']);
  expect(adapter.rooms.get('all')?.size).toBe(3);
  expect(await found(adapter, ['staff'])).toEqual(['a', 'c']);
  expect(await found(adapter, ['all'], ['staff'])).toEqual(['b']);
  expect(await found(adapter, [], ['b'])).toEqual(['a', 'c']);
  expect([...(await adapter.sockets(new Set(['staff'])))].sort()).toEqual(['a', 'c']);

  adapter.del('a', 'staff');
  expect(adapter.socketRooms('a')?.has('staff')).toBe(false);
  expect(await found(adapter, ['staff'])).toEqual(['c']);
  adapter.delAll('c');
  expect(adapter.rooms.has('staff')).toBe(false);
  expect(adapter.rooms.has('c')).toBe(false);
  expect(adapter.sids.has('c')).toBe(false);
  adapter.delAll('a');
  adapter.delAll('b');
  expect(adapter.rooms.size).toBe(0);
  expect(adapter.sids.size).toBe(0);
});

test('past the array limit a CompactSet keeps its members in a Set, as the adapter sees them', async () => {
  const ids = Array.from({ length: 20 }, (_, i) => `s${i}`);
  const adapter = adapterWithSockets(...ids);
  for (const id of ids) adapter.addAll(id, new Set([id, 'crowd']));
  expect(adapter.rooms.get('crowd')?.size).toBe(20);
  expect(await found(adapter, ['crowd'], ['s3'])).toEqual(ids.filter((id) => id !== 's3').sort());
  for (const id of ids) adapter.delAll(id);
  expect(adapter.rooms.size).toBe(0);
});
