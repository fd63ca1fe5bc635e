import type { Logger } from '../logger';
import { RELEASE_VERSION } from '../release/version';
import type { Redis } from '../valkey';

/** Valkey hash per service: field = instance id, value = the instance's last beat (JSON). */
const key = (service: string) => `insightdesk:heartbeat:${service}`;

export interface Heartbeat {
  readonly instance: string;
  /** The release the instance runs (absent: one from before releases were reported). */
  readonly version?: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly at: string;
  readonly [field: string]: unknown;
}

export interface HeartbeatOptions {
  readonly valkey: Redis;
  readonly service: string;
  readonly instance: string;
  readonly logger: Logger;
  readonly intervalMs?: number;
  /** Extra fields refreshed with every beat (e.g. connection count). */
  readonly extra?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

export const HEARTBEAT_INTERVAL_MS = 5000;
/** An instance is considered alive if it beat within this window. */
export const HEARTBEAT_STALE_MS = 15_000;

/** Beats every few seconds until the returned stop function runs (which removes the entry). */
export function startHeartbeat(options: HeartbeatOptions): () => Promise<void> {
  const { valkey, service, instance, logger } = options;
  const startedAt = new Date().toISOString();
  const beat = async () => {
    try {
      const extra = (await options.extra?.()) ?? {};
      const value: Heartbeat = {
        instance,
        version: RELEASE_VERSION,
        pid: process.pid,
        startedAt,
        at: new Date().toISOString(),
        ...extra,
      };
      await valkey.hset(key(service), instance, JSON.stringify(value));
    } catch (err) {
      logger.debug({ err }, 'heartbeat failed');
    }
  };
  void beat();
  const timer = setInterval(beat, options.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  return async () => {
    clearInterval(timer);
    await valkey.hdel(key(service), instance).catch(() => undefined);
  };
}

/** Live instances of a service; entries older than a minute are pruned. */
export async function readHeartbeats(valkey: Redis, service: string): Promise<Heartbeat[]> {
  const entries = await valkey.hgetall(key(service));
  const now = Date.now();
  const live: Heartbeat[] = [];
  const dead: string[] = [];
  for (const [field, raw] of Object.entries(entries)) {
    try {
      const beat = JSON.parse(raw) as Heartbeat;
      const age = now - Date.parse(beat.at);
      if (age <= HEARTBEAT_STALE_MS) live.push(beat);
      else if (age > 60_000) dead.push(field);
    } catch {
      dead.push(field);
    }
  }
  if (dead.length > 0) await valkey.hdel(key(service), ...dead);
  return live.sort((a, b) => a.instance.localeCompare(b.instance));
}
