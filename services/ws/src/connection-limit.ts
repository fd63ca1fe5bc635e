import { clientNetwork } from '@insightdesk/shared/http';
import type { Logger } from '@insightdesk/shared/logger';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Server as BunServer } from 'bun';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Socket.IO handshakes per client address (nginx's X-Real-IP) per 10 seconds, counted in
 * Valkey; fails open (with one warning per outage) when Valkey is away.
 */
export function connectionLimit(
  valkey: Redis,
  perTenSeconds: number,
  clientIpHeader: string | undefined,
  logger: Logger,
) {
  const limiter = new RateLimiterRedis({
    storeClient: valkey,
    keyPrefix: 'insightdesk:rl:ws-connect',
    points: perTenSeconds,
    duration: 10,
  });
  let failingOpen = false;
  return async (req: Request, server: BunServer<unknown>): Promise<void> => {
    const ip = clientNetwork(req, server, clientIpHeader);
    try {
      await limiter.consume(ip);
      failingOpen = false;
    } catch (err) {
      if (err instanceof RateLimiterRes) throw new Error('too many connections');
      if (!failingOpen) logger.warn({ err }, 'connection limit unavailable (Valkey), failing open');
      failingOpen = true;
    }
  };
}
