import type { Logger } from '../logger';
import type { Redis } from '../valkey';

/**
 * Entries of Valkey sorted sets scored by their expiry (ms), which the instance that owns them
 * keeps pushing forward: when the instance dies they lapse after `ttlMs` (presence viewers, the
 * sockets counted per user). Readers drop lapsed entries by score. Returns the stop function.
 */
export function refreshLeases(deps: {
  valkey: Redis;
  ttlMs: number;
  logger: Logger;
  /** What they are, for the log. */
  name: string;
  /** Every live entry of this instance, as [sorted set key, member]. */
  leases: () => Iterable<readonly [key: string, member: string]>;
}): () => void {
  const timer = setInterval(
    async () => {
      try {
        const expiry = Date.now() + deps.ttlMs;
        // Not one pipeline: the sets live in many slots, and a cluster client refuses a pipeline
        // that spans nodes. The commands still go out back to back, without waiting in between.
        const writes: Promise<unknown>[] = [];
        for (const [key, member] of deps.leases())
          writes.push(deps.valkey.zadd(key, expiry, member), deps.valkey.pexpire(key, deps.ttlMs));
        await Promise.all(writes);
      } catch (err) {
        deps.logger.debug({ err }, `${deps.name} refresh failed`);
      }
    },
    Math.max(1000, deps.ttlMs / 4),
  );
  return () => clearInterval(timer);
}
