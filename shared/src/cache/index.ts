import type { Logger } from '../logger';
import type { Redis } from '../valkey';

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** Removes the keys everywhere: Valkey, and every instance's near cache. */
  del(...keys: string[]): Promise<void>;
}

export interface NearCacheOptions {
  /** A dedicated connection in subscriber mode (it can do nothing else). */
  readonly subscriber: Redis;
  readonly ttlMs: number;
  readonly maxEntries: number;
}

const INVALIDATIONS = 'insightdesk:cache:invalidations';

/**
 * A JSON cache in Valkey that fails open: while Valkey is away every read is a miss and every
 * write is skipped (with one warning per outage), so callers fall back to the database.
 *
 * With `near`, hits are also kept in this process for `ttlMs` (no round trip at all); `del`
 * publishes the keys so every instance drops them at once. If invalidations could have been
 * missed (the subscriber lost its connection), the near cache is emptied.
 */
export function createCache(
  valkey: Redis,
  logger: Logger,
  options: { prefix?: string; near?: NearCacheOptions } = {},
): Cache {
  const prefix = options.prefix ?? 'insightdesk:cache:';
  let warned = false;
  const failed = (err: unknown) => {
    if (!warned) logger.warn({ err }, 'cache unavailable, falling back to the database');
    warned = true;
    return undefined;
  };
  const ok = () => {
    warned = false;
  };

  const near = options.near ? nearCache(options.near) : undefined;

  return {
    async get<T>(key: string) {
      const local = near?.get(key);
      if (local !== undefined) return local as T;
      try {
        const raw = await valkey.get(prefix + key);
        ok();
        if (raw === null) return undefined;
        const value = JSON.parse(raw) as T;
        near?.set(key, value);
        return value;
      } catch (err) {
        return failed(err);
      }
    },
    async set(key, value, ttlSeconds) {
      near?.set(key, value);
      try {
        await valkey.set(prefix + key, JSON.stringify(value), 'EX', ttlSeconds);
        ok();
      } catch (err) {
        failed(err);
      }
    },
    async del(...keys) {
      if (keys.length === 0) return;
      for (const key of keys) near?.delete(key);
      try {
        await valkey.del(...keys.map((k) => prefix + k));
        if (near) await valkey.publish(INVALIDATIONS, JSON.stringify(keys));
        ok();
      } catch (err) {
        failed(err);
      }
    },
  };
}

function nearCache(options: NearCacheOptions) {
  const entries = new Map<string, { value: unknown; expires: number }>();
  const { subscriber } = options;
  subscriber.on('message', (channel: string, message: string) => {
    if (channel !== INVALIDATIONS) return;
    try {
      for (const key of JSON.parse(message) as string[]) entries.delete(key);
    } catch {
      entries.clear();
    }
  });
  // While disconnected, invalidations are not received: start over once reconnected.
  subscriber.on('ready', () => entries.clear());
  subscriber.on('close', () => entries.clear());
  void subscriber.subscribe(INVALIDATIONS).catch(() => undefined);

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
  };
}
