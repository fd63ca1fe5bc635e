import type { Logger } from '../logger';
import type { Redis } from './client';

/**
 * One channel, listened to the same way everywhere (cache invalidations, feature flags, ended
 * sessions, the relay channel, the users' channel). A subscription only hears what is published
 * while it is active, so the connection's life decides what the listener must do:
 *
 * - every (re)connection subscribes again (`ready`);
 * - once subscribed again after a loss, `onGap` runs: whatever was published meanwhile was missed
 *   (re-read it, or forget what it would have invalidated);
 * - `onLost` runs when the connection drops: from now on messages are missed until `onGap`.
 *
 * One failure policy: nothing a listener does can throw out of here; a subscribe that fails is
 * logged once per outage (it is retried on the next connection), a handler that fails is logged
 * with the channel's name.
 */
export interface ChannelListener {
  readonly channel: string;
  readonly logger: Logger;
  onMessage(raw: string): void | Promise<void>;
  onGap?(): void | Promise<void>;
  onLost?(): void;
}

export interface Subscription {
  /** Resolves once the channel is subscribed (or false after `timeoutMs`: it will be, on connect). */
  ready(timeoutMs: number): Promise<boolean>;
}

/**
 * Listens to `listener.channel` on `connection`, a connection in subscriber mode (of the
 * `blocking` kind: it may carry several channels, and nothing else).
 */
export function subscribe(connection: Redis, listener: ChannelListener): Subscription {
  const log = listener.logger.child({ channel: listener.channel });
  let subscribedOnce = false;
  let failing = false;
  const { promise: firstSubscription, resolve: subscribedFirst } = Promise.withResolvers<true>();

  const contained = (what: string, run: () => void | Promise<void>) => {
    try {
      const done = run();
      if (done) done.catch((err: unknown) => log.warn({ err }, `${what} failed`));
    } catch (err) {
      log.warn({ err }, `${what} failed`);
    }
  };

  connection.on('message', (channel: string, raw: string) => {
    if (channel === listener.channel) contained('message handler', () => listener.onMessage(raw));
  });

  async function renew() {
    await connection.subscribe(listener.channel);
    if (failing) log.info('subscribed again');
    failing = false;
    if (subscribedOnce && listener.onGap)
      contained('catch-up after a gap', () => listener.onGap?.());
    subscribedOnce = true;
    subscribedFirst(true);
  }
  const onReady = () => {
    renew().catch((err: unknown) => {
      if (!failing) log.warn({ err }, 'not subscribed: retried when the connection is back');
      failing = true;
    });
  };
  connection.on('ready', onReady);
  connection.on('close', () => {
    if (subscribedOnce && listener.onLost) contained('loss handler', () => listener.onLost?.());
  });
  if (connection.status === 'ready') onReady();

  return {
    ready: (timeoutMs) => Promise.race([firstSubscription, Bun.sleep(timeoutMs).then(() => false)]),
  };
}
