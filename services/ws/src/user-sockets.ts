import type { Logger } from '@insightdesk/shared/logger';
import type { Redis } from '@insightdesk/shared/valkey';
import type { AppServer, AppSocket } from './types';

type Middleware = Parameters<AppServer['use']>[0];

const socketsKey = (userId: string) => `insightdesk:ws:sockets:{${userId}}`;

/**
 * Registers a socket unless its user already has `limit` live ones. Entries are scored by their
 * expiry: the owning instance keeps pushing it forward, a crashed instance's entries lapse.
 * KEYS: the user's sockets. ARGV: now (ms), expiry (ms), socket id, limit, TTL (ms).
 */
const REGISTER = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[3])
  and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/**
 * Open sockets per user, across every ws instance (`WS_SOCKETS_PER_USER`): one more is refused
 * at the handshake with `connect_error` "rate_limited". Counted in Valkey; fails open (with
 * one warning per outage) when Valkey is away, like the handshake limit.
 */
export function createUserSockets(deps: {
  io: AppServer;
  valkey: Redis;
  limit: number;
  ttlSeconds: number;
  logger: Logger;
}) {
  const { io, valkey, logger } = deps;
  const ttlMs = deps.ttlSeconds * 1000;
  let failingOpen = false;

  const middleware: Middleware = async (socket, next) => {
    const now = Date.now();
    try {
      const admitted = await valkey.eval(
        REGISTER,
        1,
        socketsKey(socket.data.userId),
        String(now),
        String(now + ttlMs),
        socket.id,
        String(deps.limit),
        String(ttlMs),
      );
      failingOpen = false;
      if (admitted === 0) return next(new Error('rate_limited'));
    } catch (err) {
      if (!failingOpen) logger.warn({ err }, 'socket count unavailable (Valkey), failing open');
      failingOpen = true;
    }
    next();
  };

  // The owner refreshes its sockets' entries; a socket that never connected is not among them.
  const refresher = setInterval(
    async () => {
      try {
        const pipeline = valkey.pipeline();
        const expiry = Date.now() + ttlMs;
        for (const socket of io.of('/').sockets.values()) {
          pipeline.zadd(socketsKey(socket.data.userId), expiry, socket.id);
          pipeline.pexpire(socketsKey(socket.data.userId), ttlMs);
        }
        await pipeline.exec();
      } catch (err) {
        logger.debug({ err }, 'socket count refresh failed');
      }
    },
    Math.max(1000, ttlMs / 4),
  );

  const release = (socket: AppSocket) =>
    valkey.zrem(socketsKey(socket.data.userId), socket.id).catch(() => undefined);

  return {
    middleware,
    attach(socket: AppSocket) {
      socket.on('disconnect', () => void release(socket));
    },
    /** Shutdown: this instance's sockets stop counting at once instead of lapsing. */
    async stop() {
      clearInterval(refresher);
      await Promise.all([...io.of('/').sockets.values()].map(release));
    },
  };
}
