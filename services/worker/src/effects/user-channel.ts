import {
  type EventCatalog,
  type OutboxEffect,
  typesDelivered,
  type UserChannelEvent,
} from '@insightdesk/shared/events';
import { encodeUserMessage, USER_CHANNEL } from '@insightdesk/shared/realtime';
import type { Redis } from '@insightdesk/shared/valkey';

/**
 * Events delivered on their recipient's own channel (not an organization's stream): published
 * once, every ws instance hands them to that user's sockets. Not stored, not resumable: the
 * product keeps the record (a notification's row) that a client reads after a reconnection.
 */
export function userChannelEffect(catalog: EventCatalog, valkey: Redis): OutboxEffect {
  return {
    name: 'user channel',
    handles: typesDelivered(catalog, 'user channel'),
    async run(row) {
      const declaration = catalog[row.type] as UserChannelEvent;
      // The payload was validated against the event's schema when it was recorded.
      const message = encodeUserMessage({
        userId: declaration.recipient(row.payload),
        type: row.type,
        message: declaration.message(row.payload),
      });
      await valkey.publish(USER_CHANNEL, message);
    },
  };
}
