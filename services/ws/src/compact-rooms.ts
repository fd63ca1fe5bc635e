// The adapter keeps two Sets per socket: its rooms (its own id's and the user's) and the members
// of its own id's room (itself alone). JavaScriptCore gives a Set with one entry ~270 bytes; a
// ws instance holds thousands of sockets, and almost every one of these Sets holds one or two.

/** Past this many members, a CompactSet keeps them in a Set (its lookups stay constant-time). */
const SMALL = 8;

/**
 * A Set of a few members in an array, a Set once it grows past `SMALL`: what the adapter and
 * Socket.IO use of a Set (has, add, delete, size, iteration, forEach), in insertion order.
 */
export class CompactSet<T> implements Iterable<T> {
  #members: T[] | Set<T> = [];

  get size(): number {
    return Array.isArray(this.#members) ? this.#members.length : this.#members.size;
  }

  has(value: T): boolean {
    return Array.isArray(this.#members) ? this.#members.includes(value) : this.#members.has(value);
  }

  add(value: T): this {
    const members = this.#members;
    if (!Array.isArray(members)) members.add(value);
    else if (!members.includes(value)) {
      if (members.length < SMALL) members.push(value);
      else this.#members = new Set([...members, value]);
    }
    return this;
  }

  delete(value: T): boolean {
    const members = this.#members;
    if (!Array.isArray(members)) return members.delete(value);
    const at = members.indexOf(value);
    if (at < 0) return false;
    members.splice(at, 1);
    return true;
  }

  clear(): void {
    this.#members = [];
  }

  forEach(callback: (value: T, key: T, set: this) => void): void {
    for (const value of this) callback(value, value, this);
  }

  /**
   * Over a copy while the members are an array: a Set's iteration goes on past a member deleted
   * on the way (e.g. a socket leaving its rooms one by one), an array's would skip the next one.
   */
  [Symbol.iterator](): IterableIterator<T> {
    return Array.isArray(this.#members) ? [...this.#members].values() : this.#members.values();
  }

  values(): IterableIterator<T> {
    return this[Symbol.iterator]();
  }

  keys(): IterableIterator<T> {
    return this[Symbol.iterator]();
  }
}

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

/** `factory`'s adapters, keeping their rooms' and sockets' Sets compact. */
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
