import type { Sql } from 'postgres';
import type { Logger } from '../logger';
import { driverOf } from './statement';
import type { Executor } from './types';

/**
 * LISTEN/NOTIFY without the commit lock. PostgreSQL serializes every transaction that sent a
 * NOTIFY: it takes one cluster-wide lock on the notification queue at commit and holds it through
 * the commit's WAL flush, so such transactions commit one at a time (with the outbox's trigger
 * notifying, 64 writers here committed ~1,000 a second against ~2,400 without it: bench/README.md,
 * nineteenth stop). Here a transaction only records which channels to notify; its database sends
 * them once it has committed, each in a statement of its own (no transaction id, so no WAL flush
 * under the lock), and coalesced: one in flight per channel, and one more after it for every
 * commit that happened meanwhile. A listener may thus get one notification for many commits and
 * must read everything committed when it wakes (the outbox relay does, and polls besides: a
 * process that dies between its commit and its notification leaves nothing lost, only late).
 */

/** Per open transaction (its driver, and its savepoints'): the channels to notify on commit. */
const pending = new WeakMap<Sql, Set<string>>();
/** Per pool (its driver): its database's notifier. */
const notifiers = new WeakMap<Sql, (channel: string) => void>();

/** Notifies `channel` once the transaction `db` is in commits; at once outside a transaction. */
export async function notifyAfterCommit(db: Executor, channel: string): Promise<void> {
  const driver = driverOf(db);
  const channels = pending.get(driver);
  if (channels) {
    channels.add(channel);
    return;
  }
  const notify = notifiers.get(driver);
  if (notify) notify(channel);
  else await driver.notify(channel, '');
}

/** For the database's transactions (client.ts): what `notifyAfterCommit` on `tx` records into. */
export function openNotifications(tx: Sql, channels = new Set<string>()): Set<string> {
  pending.set(tx, channels);
  return channels;
}

/** The channels a transaction (or the transaction a savepoint is in) will notify, if known. */
export const notificationsOf = (tx: Sql): Set<string> | undefined => pending.get(tx);

export function closeNotifications(tx: Sql): void {
  pending.delete(tx);
}

/**
 * A pool's notifier: `notify(channel)` sends `NOTIFY channel` on the pool, coalesced per channel.
 * A failure (the database away) is logged at debug: listeners poll for what they missed.
 */
export function createNotifier(pool: Sql, logger: Logger): (channel: string) => void {
  /** Per channel: a notification in flight, and whether a commit came after it was sent. */
  const inFlight = new Map<string, { again: boolean }>();
  const send = (channel: string) => {
    const state = { again: false };
    inFlight.set(channel, state);
    pool
      .notify(channel, '')
      .catch((err: unknown) => logger.debug({ err, channel }, 'notify after commit failed'))
      .finally(() => {
        if (state.again) send(channel);
        else inFlight.delete(channel);
      });
  };
  return (channel) => {
    const state = inFlight.get(channel);
    if (state) state.again = true;
    else send(channel);
  };
}

/** Makes `notify` the notifier of the pool whose driver is `pool` (client.ts). */
export function registerNotifier(pool: Sql, notify: (channel: string) => void): void {
  notifiers.set(pool, notify);
}
