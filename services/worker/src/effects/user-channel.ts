import {
  type EffectHandler,
  type EventCatalog,
  type OutboxEffect,
  typesDelivered,
  type UserChannelEvent,
} from '@insightdesk/shared/events';
import type { StillDeliverable } from '@insightdesk/shared/product';
import { encodeUserMessage, USER_CHANNEL } from '@insightdesk/shared/realtime';
import type { Redis } from '@insightdesk/shared/valkey';

/**
 * Events delivered on their recipient's own channel (not an organization's stream): published
 * once, every ws instance hands them to that user's sockets. Not stored, not resumable: the
 * product keeps the record (a notification's row) that a client reads after a reconnection.
 */
export function userChannelEffect(
  catalog: EventCatalog,
  valkey: Redis,
  /**
   * Per type, whether an event is still to be delivered (the product's: a notification removed
   * since is not); read when an event is relayed.
   */
  stillDeliverable: () => StillDeliverable = () => ({}),
): OutboxEffect {
  const publish: EffectHandler = async (data, row, tx) => {
    const check = stillDeliverable()[row.type];
    if (check && !(await check(data as never, tx))) return;
    const declaration = catalog[row.type] as UserChannelEvent;
    const message = encodeUserMessage({
      userId: declaration.recipient(data),
      ...(row.orgId ? { orgId: row.orgId } : {}),
      type: row.type,
      message: declaration.message(data),
    });
    await valkey.publish(USER_CHANNEL, message);
  };
  const types = typesDelivered(catalog, 'user channel');
  return { name: 'user channel', on: Object.fromEntries(types.map((t) => [t, publish])) };
}
