import type { Logger } from '@insightdesk/shared/logger';
import { decodeRelayMessage, RELAY_CHANNEL, type RelayedEvent } from '@insightdesk/shared/realtime';
import type { Redis } from '@insightdesk/shared/valkey';

/**
 * Live events, on a connection of their own subscribed to the relay channel (what the append
 * script publishes). A subscription only hears what is published while it is active: after the
 * connection comes back, `onGap` reads what was published meanwhile from the streams, once the
 * channel is subscribed again (so nothing falls between the two).
 */
export function listenToRelay(
  connection: Redis,
  deps: {
    onEvent: (event: RelayedEvent) => void;
    onGap: () => Promise<void>;
    logger: Logger;
  },
) {
  const log = deps.logger.child({ component: 'relay-listener' });
  let subscribedOnce = false;
  const { promise: firstSubscription, resolve: subscribedFirst } = Promise.withResolvers<true>();

  connection.on('message', (channel: string, raw: string) => {
    if (channel !== RELAY_CHANNEL) return;
    const event = decodeRelayMessage(raw);
    if (event) deps.onEvent(event);
    else log.warn('relay message of an unknown shape ignored');
  });

  async function subscribe() {
    await connection.subscribe(RELAY_CHANNEL);
    if (subscribedOnce) await deps.onGap();
    subscribedOnce = true;
    subscribedFirst(true);
  }
  // Every (re)connection: the first subscribes, the next ones subscribe again and read the gap.
  const onReady = () => {
    subscribe().catch((err) => log.warn({ err }, 'relay channel subscribe failed'));
  };
  connection.on('ready', onReady);
  if (connection.status === 'ready') onReady();

  return {
    /** Resolves once the channel is subscribed (or after `timeoutMs`: it will be, on connect). */
    ready(timeoutMs: number): Promise<boolean> {
      return Promise.race([firstSubscription, Bun.sleep(timeoutMs).then(() => false)]);
    },
  };
}
