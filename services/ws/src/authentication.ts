import type { AccessTokens } from '@insightdesk/shared/auth';
import { findUserById } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { type ClientEventHandlers, refusal } from './client-events';
import type { AppServer, AppSocket } from './types';

type Middleware = Parameters<AppServer['use']>[0];

const timers = new WeakMap<AppSocket, Timer>();

/** Drops the socket when its token expires, unless an `auth` event brought a newer one. */
function scheduleExpiry(socket: AppSocket) {
  clearTimeout(timers.get(socket));
  const ms = Math.max(0, socket.data.expiresAt * 1000 - Date.now());
  timers.set(
    socket,
    setTimeout(() => socket.disconnect(true), Math.min(ms, 2_147_000_000)),
  );
}

/**
 * Handshake: `auth: {token}` must be a valid access token, else `connect_error` "unauthorized".
 * The socket joins `user:{userId}`. `auth` `{token}` (ack `{ok, expiresAt}`) renews the session.
 */
export function createAuthentication(deps: { tokens: AccessTokens; db: Executor }) {
  const middleware: Middleware = async (socket, next) => {
    try {
      const token: unknown = socket.handshake.auth.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096)
        throw new Error('no token');
      const claims = await deps.tokens.verify(token);
      const user = await findUserById(deps.db, claims.userId);
      if (!user) throw new Error('no such user');
      Object.assign(socket.data, {
        userId: user.id,
        name: user.name,
        expiresAt: claims.expiresAt,
        subscriptions: new Map(),
        watching: new Map(),
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
        socket.data.expiresAt = claims.expiresAt;
        scheduleExpiry(socket);
        return { ok: true, expiresAt: new Date(claims.expiresAt * 1000).toISOString() } as const;
      } catch {
        return refusal('unauthorized');
      }
    },
  } satisfies Pick<ClientEventHandlers, 'auth'>;

  return {
    middleware,
    handlers,
    attach(socket: AppSocket) {
      void socket.join(`user:${socket.data.userId}`);
      scheduleExpiry(socket);
      socket.on('disconnect', () => clearTimeout(timers.get(socket)));
    },
  };
}
