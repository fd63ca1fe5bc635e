import type { Logger } from '@insightdesk/shared/logger';
import { USER_CHANNEL, type WireDecoder } from '@insightdesk/shared/realtime';
import { type Redis, subscribe } from '@insightdesk/shared/valkey';
import type { WsServer } from './types';

/**
 * Each user's private channel: an event delivered on it (`delivery: 'user channel'`, a
 * notification say) reaches every socket of theirs on this instance (room `user:{id}`, joined at
 * the handshake), whatever organizations those subscribed to, under the event's type. Every
 * instance hears every message and hands it to its own sockets. Nothing is replayed: what was
 * published while the connection was down is the product's to list (its records).
 */
export function deliverUserEvents(
  io: WsServer,
  connection: Redis,
  deps: { decoder: WireDecoder; logger: Logger },
) {
  return subscribe(connection, {
    channel: USER_CHANNEL,
    logger: deps.logger,
    onMessage(raw) {
      const delivery = deps.decoder.userMessage(raw);
      if (!delivery) return deps.logger.warn('user event of an unknown shape ignored');
      io.local.to(`user:${delivery.userId}`).emit(delivery.type, delivery.message);
    },
  });
}
