import type { Logger } from '@insightdesk/shared/logger';
import { USER_CHANNEL, type WireDecoder } from '@insightdesk/shared/realtime';
import type { Memberships } from '@insightdesk/shared/tenancy';
import { type Redis, subscribe } from '@insightdesk/shared/valkey';
import type { WsServer } from './types';
import { userRooms } from './user-rooms';

/**
 * Each user's private channel: an event delivered on it (`delivery: 'user channel'`, a
 * notification say) reaches every socket of theirs on this instance (room `user:{id}`, joined at
 * the handshake), whatever organizations those subscribed to, under the event's type — but a
 * socket whose session is confined to one organization gets only that organization's events,
 * and an organization that requires SSO reaches only the sockets of sessions its provider started. Every
 * instance hears every message and hands it to its own sockets. Nothing is replayed: what was
 * published while the connection was down is the product's to list (its records).
 */
export function deliverUserEvents(
  io: WsServer,
  connection: Redis,
  deps: { decoder: WireDecoder; memberships: Memberships; logger: Logger },
) {
  return subscribe(connection, {
    channel: USER_CHANNEL,
    logger: deps.logger,
    async onMessage(raw) {
      const delivery = deps.decoder.userMessage(raw);
      if (!delivery) return deps.logger.warn('user event of an unknown shape ignored');
      const rooms = userRooms(delivery.userId);
      const { orgId } = delivery;
      // An organization that requires SSO reaches only the sessions its provider started.
      const gated = orgId ? await deps.memberships.ssoRequired(orgId) : false;
      if (!gated)
        io.local.to(rooms.all).except(rooms.confined).emit(delivery.type, delivery.message);
      if (orgId) io.local.to(rooms.confinedTo(orgId)).emit(delivery.type, delivery.message);
    },
  });
}
