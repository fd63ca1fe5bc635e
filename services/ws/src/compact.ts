// Collections every socket has, made small. JavaScriptCore gives a Map or Set with one entry ~270
// bytes, a ws instance holds thousands of sockets, and almost every one of these holds one or two
// entries: the adapter's Sets of a socket's rooms and of its own id's room's members, and the
// Socket.IO client's Maps of its sockets and namespaces (one each: we serve one namespace). They
// are put in place by socket-io-adapter-internals.ts and socket-io-internals.ts.

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
 * A Map of a few entries in one array (key, value, key, value…), a Map past `SMALL` entries: what
 * Socket.IO's client uses of a Map (get, set, has, delete, clear, size, values).
 */
export class CompactMap<K, V> {
  #entries: unknown[] | Map<K, V> = [];

  constructor(from?: Iterable<[K, V]>) {
    for (const [key, value] of from ?? []) this.set(key, value);
  }

  get size(): number {
    return Array.isArray(this.#entries) ? this.#entries.length / 2 : this.#entries.size;
  }

  #at(key: K): number {
    const entries = this.#entries as unknown[];
    for (let i = 0; i < entries.length; i += 2) if (entries[i] === key) return i;
    return -1;
  }

  get(key: K): V | undefined {
    if (!Array.isArray(this.#entries)) return this.#entries.get(key);
    const at = this.#at(key);
    return at < 0 ? undefined : (this.#entries[at + 1] as V);
  }

  has(key: K): boolean {
    return Array.isArray(this.#entries) ? this.#at(key) >= 0 : this.#entries.has(key);
  }

  set(key: K, value: V): this {
    const entries = this.#entries;
    if (!Array.isArray(entries)) {
      entries.set(key, value);
      return this;
    }
    const at = this.#at(key);
    if (at >= 0) entries[at + 1] = value;
    else if (entries.length < SMALL * 2) entries.push(key, value);
    else this.#entries = new Map([...this.#pairs(), [key, value]]);
    return this;
  }

  delete(key: K): boolean {
    if (!Array.isArray(this.#entries)) return this.#entries.delete(key);
    const at = this.#at(key);
    if (at < 0) return false;
    this.#entries.splice(at, 2);
    return true;
  }

  clear(): void {
    this.#entries = [];
  }

  /** Over a copy while the entries are an array (as CompactSet's iteration, above). */
  values(): IterableIterator<V> {
    if (!Array.isArray(this.#entries)) return this.#entries.values();
    return this.#entries.filter((_, i) => i % 2 === 1).values() as IterableIterator<V>;
  }

  *#pairs(): Generator<[K, V]> {
    const entries = this.#entries as unknown[];
    for (let i = 0; i < entries.length; i += 2) yield [entries[i] as K, entries[i + 1] as V];
  }
}
