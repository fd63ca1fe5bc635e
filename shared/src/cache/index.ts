import type { Logger } from '../logger';
import type { Redis } from '../valkey';

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
}

/**
 * A JSON cache in Valkey that fails open: while Valkey is away every read is a miss and every
 * write is skipped (with one warning per outage), so callers fall back to the database.
 */
export function createCache(valkey: Redis, logger: Logger, prefix = 'insightdesk:cache:'): Cache {
  let warned = false;
  const failed = (err: unknown) => {
    if (!warned) logger.warn({ err }, 'cache unavailable, falling back to the database');
    warned = true;
    return undefined;
  };
  const ok = () => {
    warned = false;
  };
  return {
    async get<T>(key: string) {
      try {
        const raw = await valkey.get(prefix + key);
        ok();
        return raw === null ? undefined : (JSON.parse(raw) as T);
      } catch (err) {
        return failed(err);
      }
    },
    async set(key, value, ttlSeconds) {
      try {
        await valkey.set(prefix + key, JSON.stringify(value), 'EX', ttlSeconds);
        ok();
      } catch (err) {
        failed(err);
      }
    },
    async del(...keys) {
      if (keys.length === 0) return;
      try {
        await valkey.del(...keys.map((k) => prefix + k));
        ok();
      } catch (err) {
        failed(err);
      }
    },
  };
}
