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
import { roomsOfSession, userRooms } from './user-rooms';

type Middleware = Parameters<WsServer['use']>[0];

/** How often the sockets whose token has expired are looked for (they go within this of it). */
const EXPIRY_SWEEP_MS = 1000;

/**
 * Handshake: `auth: {token}` must be a valid access token of a session that was not ended, else
 * `connect_error` "unauthorized". The socket joins its user's rooms (user-rooms.ts), and is dropped within a
 * second of its token's expiry unless `auth` `{token}` (ack `{ok, expiresAt}`) renewed it.
 * When a user's sessions end (password change or reset, log out everywhere), their sockets on
 * every instance are disconnected, but those of the session the change came from; when one
 * session ends (logout, a reused refresh token), its sockets.
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
        reach: claims.reach,
        expiresAt: claims.expiresAt,
        family: claims.family,
        subscriptions: [],
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
        // A renewal keeps the socket's reach: what it subscribed to was admitted for that reach.
        const { reach } = socket.data;
        if (claims.reach.org !== reach.org || claims.reach.account !== reach.account)
          return refusal('unauthorized');
        await deps.guard.check(claims);
        socket.data.expiresAt = claims.expiresAt;
        socket.data.family = claims.family;
        return { ok: true, expiresAt: new Date(claims.expiresAt * 1000).toISOString() } as const;
      } catch {
        return refusal('unauthorized');
      }
    },
  } satisfies ClientEventHandlers<Pick<typeof platformClientEvents, 'auth'>, WsSocket>;

  async function sessionsEnded(ended: SessionEnded) {
    const sockets = await deps.io.in(userRooms(ended.userId).all).local.fetchSockets();
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
    /**
     * Listens for ended sessions (their sockets are disconnected on every instance) and drops
     * the sockets whose token expired; answers the stop of the latter.
     */
    start() {
      // While Valkey is away the subscription waits (and is renewed on reconnect).
      subscribe(deps.subscriber, {
        channel: SESSIONS_ENDED_CHANNEL,
        logger: deps.logger,
        onMessage: (message) => sessionsEnded(JSON.parse(message) as SessionEnded),
      });
      // One pass over this instance's sockets a second rather than a timer per socket (a timer
      // is ~300 bytes, JavaScript and native, and a ws instance holds thousands of sockets).
      const sweep = setInterval(() => {
        const now = Date.now() / 1000;
        for (const socket of deps.io.of('/').sockets.values()) {
          // Written to fail closed: a socket without a valid expiry goes too.
          if (socket.data.expiresAt > now) continue;
          try {
            socket.disconnect(true);
          } catch (err) {
            deps.logger.warn({ err }, 'expired socket could not be disconnected');
          }
        }
      }, EXPIRY_SWEEP_MS);
      return () => clearInterval(sweep);
    },
    attach(socket: WsSocket) {
      void socket.join(roomsOfSession(socket.data.userId, socket.data.reach));
    },
  };
}
