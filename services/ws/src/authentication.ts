import type { AccessTokens } from '@insightdesk/shared/auth';
import { findUserById } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { AppSocket } from './types';

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
export function installAuthentication(
  io: Server,
  deps: { tokens: AccessTokens; db: Executor; logger: Logger },
) {
  io.use(async (socket, next) => {
    try {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      if (typeof token !== 'string' || token.length === 0) throw new Error('no token');
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
  });

  const renewal = z.object({ token: z.string().min(1).max(4096) });
  return (socket: AppSocket) => {
    void socket.join(`user:${socket.data.userId}`);
    scheduleExpiry(socket);
    socket.on('auth', async (payload: unknown, ack?: (answer: unknown) => void) => {
      const parsed = renewal.safeParse(payload);
      try {
        if (!parsed.success) throw new Error('invalid');
        const claims = await deps.tokens.verify(parsed.data.token);
        if (claims.userId !== socket.data.userId) throw new Error('another user');
        socket.data.expiresAt = claims.expiresAt;
        scheduleExpiry(socket);
        ack?.({ ok: true, expiresAt: new Date(claims.expiresAt * 1000).toISOString() });
      } catch {
        ack?.({ ok: false, error: 'unauthorized' });
      }
    });
    socket.on('disconnect', () => clearTimeout(timers.get(socket)));
  };
}
