import type { Logger } from '@insightdesk/shared/logger';
import { type Redis, STRICT_LUA } from '@insightdesk/shared/valkey';
import { refreshLeases } from './leases';
import type { AppServer, AppSocket } from './types';

type Middleware = Parameters<AppServer['use']>[0];

const socketsKey = (userId: string) => `insightdesk:ws:sockets:{${userId}}`;

/**
 * Registers a socket unless its user already has `limit` live ones. Entries are scored by their
 * expiry: the owning instance keeps pushing it forward, a crashed instance's entries lapse.
 * KEYS: the user's sockets. ARGV: now (ms), expiry (ms), socket id, limit, TTL (ms).
 */
const REGISTER = `${STRICT_LUA}
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
export function createUserSockets(
  io: AppServer,
  valkey: Redis,
  options: { limit: number; ttlSeconds: number; logger: Logger },
) {
  const { limit, logger } = options;
  const ttlMs = options.ttlSeconds * 1000;
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
        String(limit),
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

  // A socket that never connected (refused later, or gone meanwhile) is not among these.
  const stopRefreshing = refreshLeases({
    valkey,
    ttlMs,
    logger,
    name: 'socket count',
    *leases() {
      for (const socket of io.of('/').sockets.values())
        yield [socketsKey(socket.data.userId), socket.id] as const;
    },
  });

  const release = (socket: AppSocket) =>
    valkey.zrem(socketsKey(socket.data.userId), socket.id).catch(() => undefined);

  return {
    middleware,
    attach(socket: AppSocket) {
      socket.on('disconnect', () => void release(socket));
    },
    /** Shutdown: this instance's sockets stop counting at once instead of lapsing. */
    async stop() {
      stopRefreshing();
      await Promise.all([...io.of('/').sockets.values()].map(release));
    },
  };
}
