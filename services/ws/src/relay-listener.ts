import type { Logger } from '@insightdesk/shared/logger';
import { RELAY_CHANNEL, type RelayedEvent, type WireDecoder } from '@insightdesk/shared/realtime';
import { type Redis, subscribe } from '@insightdesk/shared/valkey';

/**
 * Live events, on a connection of their own subscribed to the relay channel (what the append
 * script publishes). A subscription only hears what is published while it is active: when the
 * connection drops, `onLost` holds live events back; once the channel is subscribed again,
 * `onGap` reads what was published meanwhile from the streams, then lets the held ones go.
 * Holding from the loss, not from the gap read, matters: the client subscribes again by itself
 * on reconnecting, and an event heard before our own SUBSCRIBE answered would otherwise move a
 * subscriber past the events it missed (after a Valkey wipe, a subscriber would lose them).
 */
export function listenToRelay(
  connection: Redis,
  deps: {
    decoder: WireDecoder;
    onEvent: (event: RelayedEvent) => void;
    onGap: () => Promise<void>;
    onLost: () => void;
    logger: Logger;
  },
) {
  const log = deps.logger.child({ component: 'relay-listener' });
  return subscribe(connection, {
    channel: RELAY_CHANNEL,
    logger: log,
    onMessage(raw) {
      const event = deps.decoder.relayMessage(raw);
      if (event) deps.onEvent(event);
      else log.warn('relay message of an unknown shape ignored');
    },
    onGap: deps.onGap,
    onLost: deps.onLost,
  });
}
