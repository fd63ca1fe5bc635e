import { CompactSet } from './compact';

// socket.io-adapter's internals, reached here and nowhere else. Its `rooms` (room → socket ids)
// and `sids` (socket id → rooms) are public fields; what this file relies on is how the adapter
// fills them: each Set it makes is `map.set(key, new Set())`, then added to, deleted from,
// iterated, counted and checked through what `map.get(key)` answers — the members CompactSet has
// (socket-io-adapter-internals.test.ts exercises them against the pinned version). The Redis
// adapter extends this one and reads `rooms` the same way.

/** The version whose internals this file was written against. */
export const SOCKET_IO_ADAPTER = { name: 'socket.io-adapter', version: '2.5.8' } as const;

/**
 * A Map of room members whose every new Set becomes a CompactSet: the adapter makes its Sets with
 * `map.set(key, new Set())` and then adds to what `map.get(key)` answers.
 */
class CompactSets<K, V> extends Map<K, Set<V>> {
  override set(key: K, value: Set<V>): this {
    // CompactSet has every member of Set the adapter and Socket.IO use (see above).
    const stored = value.size === 0 ? (new CompactSet<V>() as unknown as Set<V>) : value;
    return super.set(key, stored);
  }
}

/** `factory`'s adapters, keeping their rooms' and sockets' Sets compact (compact.ts says why). */
export function withCompactRooms<
  A extends { rooms: Map<string, Set<string>>; sids: Map<string, Set<string>> },
  N,
>(factory: (nsp: N) => A): (nsp: N) => A {
  // A function, not an arrow: Socket.IO calls the adapter option with `new` (a function that
  // returns an object gives that object to `new`, as `createAdapter`'s own does).
  return function compactAdapter(nsp: N) {
    const adapter = factory(nsp);
    adapter.rooms = new CompactSets();
    adapter.sids = new CompactSets();
    return adapter;
  };
}
