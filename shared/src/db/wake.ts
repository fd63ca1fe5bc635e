import type { Sql } from 'postgres';
import type { Logger } from '../logger';
import { driverOf } from './drizzle-internals';
import type { Executor } from './types';

/**
 * LISTEN/NOTIFY without the commit lock. PostgreSQL serializes every transaction that sent a
 * NOTIFY: it takes one cluster-wide lock on the notification queue at commit and holds it through
 * the commit's WAL flush, so such transactions commit one at a time (with a NOTIFY in each
 * writer's transaction, 64 writers here commit ~1,000 a second against ~2,400 without: bench/README.md).
 * Here a transaction only records which channels to notify; its database sends
 * them once it has committed, each in a statement of its own (which writes no WAL, so no flush
 * is waited for under the lock), and coalesced: one in flight per channel, and one more after it for every
 * commit that happened meanwhile. A listener may thus get one notification for many commits and
 * must read everything committed when it wakes (the outbox relay does, and polls besides: a
 * process that dies between its commit and its notification leaves nothing lost, only late).
 */

/** How long a notification may be in flight before the next one for its channel is sent. */
const IN_FLIGHT_LIMIT_MS = 1000;

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
  // Outside a transaction its write has committed: the pool's notifier sends it now. A driver of
  // no database of ours (none in this repository) has none: its listeners' poll finds the rows.
  notifyCommitted(driver, [channel]);
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
 * A failure (the database away) is a warning at most once a minute: listeners poll meanwhile.
 */
export function createNotifier(pool: Sql, logger: Logger): (channel: string) => void {
  /** Per channel: a notification in flight, and whether a commit came after it was sent. */
  const inFlight = new Map<string, { again: boolean }>();
  let warnedAt = 0;
  const send = (channel: string) => {
    const state = { again: false };
    inFlight.set(channel, state);
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      if (state.again) send(channel);
      else inFlight.delete(channel);
    };
    // One held up (behind a slow statement on its connection, or a dead link) must not silence
    // the commits after it: past a second, the next is sent regardless.
    const limit = setTimeout(settle, IN_FLIGHT_LIMIT_MS);
    limit.unref?.();
    pool
      .notify(channel, '')
      .catch((err: unknown) => {
        // Listeners fall back on their poll; said once a minute, not once per commit.
        if (Date.now() - warnedAt < 60_000) return;
        warnedAt = Date.now();
        logger.warn({ err, channel }, 'notify after commit failed; listeners fall back on polling');
      })
      .finally(settle);
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

/** A transaction of `pool` has committed: its notifier sends what the transaction recorded. */
export function notifyCommitted(pool: Sql, channels: Iterable<string>): void {
  const notify = notifiers.get(pool);
  if (notify) for (const channel of channels) notify(channel);
}
