import type { Logger } from '@insightdesk/shared/logger';
import { refreshLeases } from '@insightdesk/shared/realtime';
import { luaScript, type Redis, runScript } from '@insightdesk/shared/valkey';
import type { WsServer, WsSocket } from './types';

type Middleware = Parameters<WsServer['use']>[0];

const socketsKey = (userId: string) => `insightdesk:ws:sockets:{${userId}}`;

/** Registers a socket unless its user already has `limit` live ones (register-socket.lua). */
const REGISTER = luaScript(
  'insightdeskRegisterSocket',
  new URL('./register-socket.lua', import.meta.url),
  1,
);

/**
 * Open sockets per user, across every ws instance (`WS_SOCKETS_PER_USER`): one more is refused
 * at the handshake with `connect_error` "rate_limited". Counted in Valkey; fails open (with
 * one warning per outage) when Valkey is away, like the handshake limit.
 */
export function createUserSockets(
  io: WsServer,
  valkey: Redis,
  options: { limit: number; ttlSeconds: number; logger: Logger },
) {
  const { limit, logger } = options;
  const ttlMs = options.ttlSeconds * 1000;
  let failingOpen = false;

  const middleware: Middleware = async (socket, next) => {
    const now = Date.now();
    try {
      const admitted = await runScript(
        valkey,
        REGISTER,
        [socketsKey(socket.data.userId)],
        [now, now + ttlMs, socket.id, limit, ttlMs],
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

  const release = (socket: WsSocket) =>
    valkey.zrem(socketsKey(socket.data.userId), socket.id).catch(() => undefined);
  // One listener for every socket (`this` is the socket), not a closure per socket.
  function onDisconnect(this: WsSocket) {
    void release(this);
  }

  return {
    middleware,
    attach(socket: WsSocket) {
      socket.on('disconnect', onDisconnect);
    },
    /** Shutdown: this instance's sockets stop counting at once instead of lapsing. */
    async stop() {
      stopRefreshing();
      await Promise.all([...io.of('/').sockets.values()].map(release));
    },
  };
}
