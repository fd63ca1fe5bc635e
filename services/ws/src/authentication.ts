import type { AccessTokens, SessionEnded, SessionGuard } from '@insightdesk/shared/auth';
import { findUserById, SESSIONS_ENDED_CHANNEL } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import {
  type ClientEventHandlers,
  type platformClientEvents,
  refusal,
} from '@insightdesk/shared/realtime';
import { type Redis, subscribe } from '@insightdesk/shared/valkey';
import type { WsServer, WsSocket } from './types';

type Middleware = Parameters<WsServer['use']>[0];

const timers = new WeakMap<WsSocket, Timer>();

// Listeners shared by every socket (`this` is the socket): a closure per socket is memory per
// socket, and a ws instance holds thousands.
const expire = (socket: WsSocket) => socket.disconnect(true);
function clearExpiry(this: WsSocket) {
  clearTimeout(timers.get(this));
}

/** Drops the socket when its token expires, unless an `auth` event brought a newer one. */
function scheduleExpiry(socket: WsSocket) {
  clearTimeout(timers.get(socket));
  const ms = Math.max(0, socket.data.expiresAt * 1000 - Date.now());
  timers.set(socket, setTimeout(expire, Math.min(ms, 2_147_000_000), socket));
}

/**
 * Handshake: `auth: {token}` must be a valid access token of a session that was not ended, else
 * `connect_error` "unauthorized". The socket joins `user:{userId}`. `auth` `{token}` (ack
 * `{ok, expiresAt}`) renews the session. When a user's sessions end (password change or reset,
 * log out everywhere), their sockets on every instance are disconnected, but those of the session
 * the change came from; when one session ends (logout, a reused refresh token), its sockets.
 */
export function createAuthentication(deps: {
  io: WsServer;
  tokens: AccessTokens;
  guard: SessionGuard;
  db: Executor;
  /** A connection in subscriber mode (may be shared with other subscriptions). */
  subscriber: Redis;
  logger: Logger;
}) {
  const middleware: Middleware = async (socket, next) => {
    try {
      const token: unknown = socket.handshake.auth.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096)
        throw new Error('no token');
      const claims = await deps.tokens.verify(token);
      await deps.guard.check(claims);
      const user = await findUserById(deps.db, claims.userId);
      if (!user) throw new Error('no such user');
      Object.assign(socket.data, {
        userId: user.id,
        name: user.name,
        expiresAt: claims.expiresAt,
        family: claims.family,
        subscriptions: new Map(),
      });
      next();
    } catch {
      next(new Error('unauthorized'));
    }
  };

  const handlers = {
    async auth(socket, { token }) {
      try {
        const claims = await deps.tokens.verify(token);
        if (claims.userId !== socket.data.userId) return refusal('unauthorized');
        await deps.guard.check(claims);
        socket.data.expiresAt = claims.expiresAt;
        socket.data.family = claims.family;
        scheduleExpiry(socket);
        return { ok: true, expiresAt: new Date(claims.expiresAt * 1000).toISOString() } as const;
      } catch {
        return refusal('unauthorized');
      }
    },
  } satisfies ClientEventHandlers<Pick<typeof platformClientEvents, 'auth'>, WsSocket>;

  async function sessionsEnded(ended: SessionEnded) {
    const sockets = await deps.io.in(`user:${ended.userId}`).local.fetchSockets();
    for (const socket of sockets) {
      const endedHere = ended.family
        ? socket.data.family === ended.family
        : ended.keptFamily === null || socket.data.family !== ended.keptFamily;
      if (endedHere) socket.disconnect(true);
    }
  }

  return {
    middleware,
    handlers,
    /** Listens for ended sessions (their sockets are disconnected on every instance). */
    start() {
      // While Valkey is away the subscription waits (and is renewed on reconnect).
      subscribe(deps.subscriber, {
        channel: SESSIONS_ENDED_CHANNEL,
        logger: deps.logger,
        onMessage: (message) => sessionsEnded(JSON.parse(message) as SessionEnded),
      });
    },
    attach(socket: WsSocket) {
      void socket.join(`user:${socket.data.userId}`);
      scheduleExpiry(socket);
      socket.on('disconnect', clearExpiry);
    },
  };
}
