import { clientNetwork } from '@insightdesk/shared/http';
import type { Logger } from '@insightdesk/shared/logger';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Server as BunServer } from 'bun';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { socketsOnConnection } from './socket-io-internals';
import type { WsSocket } from './types';

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

/**
 * Closes the connection of a second Socket.IO socket on one engine connection: two CONNECTs sent
 * before the first passed the middlewares (Socket.IO closes the connection for a CONNECT to a
 * namespace already connected, but only once the first is in). One socket per connection is what
 * the handshakes per address count, and what a Bun topic's count of WebSockets stands for
 * (native-rooms.ts). Called once the socket's handlers are attached: its disconnect cleans up.
 */
export function oneSocketPerConnection(socket: WsSocket) {
  if (socketsOnConnection(socket) > 1) socket.conn.close();
}
