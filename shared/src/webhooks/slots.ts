import type { Redis } from '../valkey';
import { luaScript, runScript } from '../valkey/scripts';

const TAKE = luaScript(
  'insightdeskWebhookSlot',
  new URL('./endpoint-slot.lua', import.meta.url),
  1,
);

/**
 * A cap on attempts at once per endpoint, across every worker: a slow endpoint holds at most
 * `perEndpoint` of the queue's places; its other jobs wait (put back without counting a failure).
 * A lease outlives the attempt's deadline a little, so a worker killed mid-attempt frees its
 * slot by itself.
 */
export function endpointSlots(valkey: Redis, options: { perEndpoint: number; leaseMs: number }) {
  const key = (endpointId: string) => `insightdesk:webhook-slots:{${endpointId}}`;
  return {
    /** A release function when a slot was free, null when all are busy. */
    async take(endpointId: string): Promise<(() => Promise<void>) | null> {
      const token = crypto.randomUUID();
      const now = Date.now();
      const taken = await runScript(
        valkey,
        TAKE,
        [key(endpointId)],
        [now, now + options.leaseMs, token, options.perEndpoint],
      );
      if (Number(taken) !== 1) return null;
      return async () => {
        await valkey.zrem(key(endpointId), token);
      };
    },
  };
}

export type EndpointSlots = ReturnType<typeof endpointSlots>;
