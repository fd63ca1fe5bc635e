import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger';
import { luaScript, type Redis, runScript, subscribe } from '../valkey';

export interface CacheSetOptions {
  /**
   * Invalidated together by `invalidateTags` (e.g. everything about one organization). A tag's
   * set holds every key written with it while any is written, so tag only keys drawn from a
   * bounded set: never a key with a client's free choice in it (a cursor, a query).
   */
  readonly tags?: readonly string[];
}

export interface MemoizeOptions<T> extends CacheSetOptions {
  /** Seconds to keep the value; a function decides per value (e.g. shorter for empty results). */
  readonly ttlSeconds: number | ((value: T) => number);
}

export interface CacheStats {
  readonly hits: number;
  readonly nearHits: number;
  readonly misses: number;
  readonly computations: number;
  readonly nearEntries: number;
}

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  /**
   * The value held in this process (the near cache), if any, without asking Valkey: what a
   * request's checks decide on at once, falling back to `get` or `getMany`.
   */
  peek<T>(key: string): T | undefined;
  set(key: string, value: unknown, ttlSeconds: number, options?: CacheSetOptions): Promise<void>;
  /** Removes the keys everywhere: Valkey, and every instance's near cache. */
  del(...keys: string[]): Promise<void>;
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  setMany(
    entries: readonly { key: string; value: unknown }[],
    ttlSeconds: number,
    options?: CacheSetOptions,
  ): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  /**
   * The cached value, or `compute`'s — computed once per key however many callers miss at the
   * same time: once per instance (the callers share one promise), and once across instances
   * while a short Valkey lock is held (the others wait for the value it writes).
   */
  memoize<T>(key: string, compute: () => Promise<T>, options: MemoizeOptions<T>): Promise<T>;
  /** Removes every key set with one of the tags, everywhere. */
  invalidateTags(...tags: string[]): Promise<void>;
  stats(): CacheStats;
}

export interface NearCacheOptions {
  /** A dedicated connection in subscriber mode (it can do nothing else). */
  readonly subscriber: Redis;
  readonly ttlMs: number;
  readonly maxEntries: number;
}

const INVALIDATIONS = 'insightdesk:cache:invalidations';
/** How long one instance may compute a value while the others wait for it. */
const LOCK_MS = 5000;
const LOCK_POLL_MS = 25;
/** Keys dropped per DEL (and per invalidation message) when a tag is invalidated. */
const INVALIDATION_SLICE = 1000;
/** Deletes the lock if it still holds this token (release-lock.lua). */
const RELEASE = luaScript(
  'insightdeskReleaseLock',
  new URL('./release-lock.lua', import.meta.url),
  1,
);

/**
 * A JSON cache in Valkey that fails open: while Valkey is away every read is a miss and every
 * write is skipped (with one warning per outage), so callers fall back to the database.
 *
 * With `near`, hits are also kept in this process for `ttlMs` (no round trip at all); deletions
 * publish the keys so every instance drops them at once. If invalidations could have been
 * missed (the subscriber lost its connection), the near cache is emptied.
 *
 * Why our own and not bentocache: this one rides the same invalidation channel as the role and
 * session caches (a revoked session must be forgotten by every instance at once), speaks iovalkey,
 * and fails open the way the rest of the platform does — in about two hundred lines.
 */
export function createCache(
  valkey: Redis,
  logger: Logger,
  options: { prefix?: string; near?: NearCacheOptions; registry?: Registry } = {},
): Cache {
  // One hash tag: MGET, multi-key DEL and pipelines stay within one slot on a Valkey cluster.
  const prefix = options.prefix ?? '{insightdesk:cache}:';
  const tagKey = (tag: string) => `${prefix}tag:${tag}`;
  const lockKey = (key: string) => `${prefix}lock:${key}`;
  let warned = false;
  const failed = (err: unknown) => {
    if (!warned) logger.warn({ err }, 'cache unavailable, falling back to the database');
    warned = true;
    return undefined;
  };
  const ok = () => {
    warned = false;
  };

  const near = options.near ? nearCache(options.near, logger) : undefined;
  const counts = { hits: 0, nearHits: 0, misses: 0, computations: 0 };
  const inflight = new Map<string, Promise<unknown>>();
  if (options.registry) registerCacheMetrics(options.registry, () => cache.stats());

  async function readMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    const out: (T | undefined)[] = new Array(keys.length);
    const missing: number[] = [];
    for (let i = 0; i < keys.length; i++) {
      const held = near?.get(keys[i] as string) as T | undefined;
      if (held === undefined) missing.push(i);
      else out[i] = held;
    }
    counts.nearHits += keys.length - missing.length;
    if (missing.length === 0) return out;
    try {
      const raw = await valkey.mget(...missing.map((i) => prefix + keys[i]));
      ok();
      missing.forEach((index, j) => {
        const value = raw[j];
        if (value === null || value === undefined) {
          counts.misses++;
          return;
        }
        counts.hits++;
        const parsed = JSON.parse(value) as T;
        out[index] = parsed;
        near?.set(keys[index] ?? '', parsed);
      });
    } catch (err) {
      counts.misses += missing.length;
      failed(err);
    }
    return out;
  }

  async function writeMany(
    entries: readonly { key: string; value: unknown }[],
    ttlSeconds: number,
    tags: readonly string[] = [],
  ) {
    for (const { key, value } of entries) near?.set(key, value);
    try {
      const pipeline = valkey.pipeline();
      for (const { key, value } of entries)
        pipeline.set(prefix + key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
      for (const tag of tags) {
        pipeline.sadd(tagKey(tag), ...entries.map((e) => e.key));
        // The tag outlives its keys a little: invalidating a tag never misses a live key.
        pipeline.expire(tagKey(tag), Math.ceil(ttlSeconds) + 60, 'GT');
        pipeline.expire(tagKey(tag), Math.ceil(ttlSeconds) + 60, 'NX');
      }
      await pipeline.exec();
      ok();
    } catch (err) {
      failed(err);
    }
  }

  async function deleteMany(keys: readonly string[]) {
    if (keys.length === 0) return;
    for (const key of keys) near?.delete(key);
    try {
      await valkey.del(...keys.map((k) => prefix + k));
      if (near) await valkey.publish(INVALIDATIONS, JSON.stringify(keys));
      ok();
    } catch (err) {
      failed(err);
    }
  }

  /** Computes under the cross-instance lock, or waits for the instance that holds it. */
  async function computeOnce<T>(
    key: string,
    compute: () => Promise<T>,
    options: MemoizeOptions<T>,
  ) {
    const token = crypto.randomUUID();
    let locked = false;
    try {
      locked = (await valkey.set(lockKey(key), token, 'PX', LOCK_MS, 'NX')) === 'OK';
    } catch (err) {
      failed(err);
    }
    if (!locked) {
      const deadline = Date.now() + LOCK_MS;
      while (Date.now() < deadline) {
        await Bun.sleep(LOCK_POLL_MS);
        const [value] = await readMany<T>([key]);
        if (value !== undefined) return value;
        const held = await valkey.exists(lockKey(key)).catch(() => 0);
        if (!held) {
          // Released: its value was written first, unless its computation failed.
          const [after] = await readMany<T>([key]);
          if (after !== undefined) return after;
          break;
        }
      }
    }
    try {
      counts.computations++;
      const value = await compute();
      const ttl =
        typeof options.ttlSeconds === 'function' ? options.ttlSeconds(value) : options.ttlSeconds;
      await writeMany([{ key, value }], ttl, options.tags);
      return value;
    } finally {
      if (locked) {
        // Released only if still ours (it may have expired and been taken meanwhile).
        await runScript(valkey, RELEASE, [lockKey(key)], [token]).catch(() => undefined);
      }
    }
  }

  const cache: Cache = {
    peek<T>(key: string) {
      const held = near?.get(key) as T | undefined;
      if (held !== undefined) counts.nearHits++;
      return held;
    },
    async get<T>(key: string) {
      // A value held in this process (most reads): no list built for one key.
      const held = cache.peek<T>(key);
      if (held !== undefined) return held;
      return (await readMany<T>([key]))[0];
    },
    set: (key, value, ttlSeconds, options) =>
      writeMany([{ key, value }], ttlSeconds, options?.tags),
    del: (...keys) => deleteMany(keys),
    getMany: (keys) => readMany(keys),
    setMany: (entries, ttlSeconds, options) => writeMany(entries, ttlSeconds, options?.tags),
    deleteMany,
    async memoize<T>(key: string, compute: () => Promise<T>, options: MemoizeOptions<T>) {
      const cached = await cache.get<T>(key);
      if (cached !== undefined) return cached;
      const pending = inflight.get(key) as Promise<T> | undefined;
      if (pending) return pending;
      const computing = computeOnce(key, compute, options).finally(() => inflight.delete(key));
      inflight.set(key, computing);
      return computing;
    },
    async invalidateTags(...tags) {
      try {
        const keys = new Set<string>();
        for (const tag of tags) for (const key of await valkey.smembers(tagKey(tag))) keys.add(key);
        // In slices: one DEL (and one invalidation message) of a large tag would hold Valkey and
        // every instance's near cache at once.
        const all = [...keys];
        for (let i = 0; i < all.length; i += INVALIDATION_SLICE)
          await deleteMany(all.slice(i, i + INVALIDATION_SLICE));
        await valkey.del(...tags.map(tagKey));
        ok();
      } catch (err) {
        failed(err);
      }
    },
    stats: () => ({ ...counts, nearEntries: near?.size() ?? 0 }),
  };
  return cache;
}

/** Hit, miss and size statistics of a process's cache on its /metrics. */
function registerCacheMetrics(registry: Registry, stats: () => CacheStats) {
  new Counter({
    name: 'cache_lookups_total',
    help: 'Cache lookups by outcome (near: in this process; hit: in Valkey; miss)',
    labelNames: ['outcome'],
    registers: [registry],
    collect() {
      const s = stats();
      this.reset();
      this.inc({ outcome: 'near' }, s.nearHits);
      this.inc({ outcome: 'hit' }, s.hits);
      this.inc({ outcome: 'miss' }, s.misses);
    },
  });
  new Counter({
    name: 'cache_computations_total',
    help: 'Values computed by memoize (one per key across callers and instances)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats().computations);
    },
  });
  new Gauge({
    name: 'cache_near_entries',
    help: 'Entries held in this process',
    registers: [registry],
    collect() {
      this.set(stats().nearEntries);
    },
  });
}

function nearCache(options: NearCacheOptions, logger: Logger) {
  const entries = new Map<string, { value: unknown; expires: number }>();
  const { subscriber } = options;
  // While disconnected, invalidations are not received: everything held may be stale.
  subscribe(subscriber, {
    channel: INVALIDATIONS,
    logger,
    onMessage(message) {
      try {
        for (const key of JSON.parse(message) as string[]) entries.delete(key);
      } catch {
        entries.clear();
      }
    },
    onGap: () => entries.clear(),
    onLost: () => entries.clear(),
  });

  return {
    get(key: string) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires > Date.now()) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: unknown) {
      if (subscriber.status !== 'ready') return; // invalidations would not reach us
      if (entries.size >= options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(key, { value, expires: Date.now() + options.ttlMs });
    },
    delete(key: string) {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}
