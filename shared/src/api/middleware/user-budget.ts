import type { Awaitable } from '../../async';
import type { Logger } from '../../logger';
import { luaScript, type Redis, runScript } from '../../valkey';

const ADD = luaScript('insightdeskBudgetAdd', new URL('./user-budget.lua', import.meta.url), 1);
const KEY_PREFIX = '{insightdesk:rl:user}:';
/** How long a window's counts outlive it in Valkey (clocks of instances differ a little). */
const KEY_MARGIN_MS = 5000;

export interface UserBudgetOptions {
  /** Requests one user may make per window, across every api instance. */
  readonly points: number;
  readonly windowSeconds: number;
  /** How long an instance counts on its own before it adds its counts to Valkey's. */
  readonly syncMs: number;
  /**
   * How many requests of one user an instance admits before Valkey has confirmed them; past it a
   * request waits for the next sync. What a user can overshoot the budget by, per instance.
   */
  readonly unconfirmedPerUser: number;
}

export interface Admission {
  readonly allowed: boolean;
  readonly remaining: number;
  /** Seconds until the window, and so the budget, starts again. */
  readonly resetSeconds: number;
  /** False while Valkey is away: the count is this instance's alone. */
  readonly shared: boolean;
}

export interface UserBudget {
  readonly points: number;
  /**
   * Spends one request of `userId`'s budget, or answers that none is left: at once, unless this
   * instance has as many of the user's requests unconfirmed as it may (then after a sync).
   */
  admit(userId: string): Awaitable<Admission>;
  /** Adds what this instance has counted to Valkey now (shutdown, tests). */
  flush(): Promise<void>;
}

interface Count {
  /** Valkey's total at the last sync (every instance's requests). */
  known: number;
  /** Admitted here and not yet sent. */
  pending: number;
  /** Sent, not yet answered. */
  sending: number;
}

/** The defaults for a budget of `points` per `windowSeconds`: 1 % of it unconfirmed, 10 ms syncs. */
export function userBudgetOptions(points: number, windowSeconds: number): UserBudgetOptions {
  return {
    points,
    windowSeconds,
    syncMs: 10,
    unconfirmedPerUser: Math.max(1, Math.ceil(points / 100)),
  };
}

/**
 * The per-user API budget (fixed windows), counted in process and added to Valkey every
 * `syncMs` in one call for every user seen since: one round trip per interval instead of one per
 * request. A request is admitted on what this instance knows — Valkey's total at its last sync
 * plus what it admitted since — so across `n` instances a user can get at most
 * `n × unconfirmedPerUser` requests past the budget in a window (each instance admits at most that
 * many before a sync tells it the budget is spent). While Valkey is away the counts stay local:
 * the budget holds per instance, and the answer carries no RateLimit-* headers (`shared: false`).
 */
export function createUserBudget(
  valkey: Redis,
  options: UserBudgetOptions,
  logger: Logger,
): UserBudget {
  const windowMs = options.windowSeconds * 1000;
  /** Per window index: per user id. Windows before the previous one are dropped. */
  const windows = new Map<number, Map<string, Count>>();
  const unsent = new Map<number, Set<string>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<void> | undefined;
  let synced = deferred();
  let failing = false;

  function countOf(window: number, userId: string): Count {
    let users = windows.get(window);
    if (!users) {
      users = new Map();
      windows.set(window, users);
      for (const old of windows.keys()) if (old < window - 1) windows.delete(old);
    }
    let count = users.get(userId);
    if (!count) {
      count = { known: 0, pending: 0, sending: 0 };
      users.set(userId, count);
    }
    return count;
  }

  function schedule() {
    if (timer || sending) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, options.syncMs);
    timer.unref?.();
  }

  async function send(window: number, userIds: Set<string>) {
    const users = windows.get(window) ?? new Map<string, Count>();
    const batch: [string, Count, number][] = [];
    for (const userId of userIds) {
      const count = users.get(userId);
      if (!count || count.pending === 0) continue;
      batch.push([userId, count, count.pending]);
      count.sending += count.pending;
      count.pending = 0;
    }
    if (batch.length === 0) return;
    const args: (string | number)[] = [(window + 1) * windowMs - Date.now() + KEY_MARGIN_MS];
    for (const [userId, , n] of batch) args.push(userId, n);
    try {
      const totals = (await runScript(valkey, ADD, [KEY_PREFIX + window], args)) as number[];
      batch.forEach(([, count, n], i) => {
        count.sending -= n;
        // Every instance's admissions, this batch's included (syncs never overlap).
        count.known = Math.max(count.known, Number(totals[i] ?? 0));
      });
      failing = false;
    } catch (err) {
      // Kept here: while Valkey is away the budget still holds, per instance.
      for (const [, count, n] of batch) {
        count.sending -= n;
        count.known += n;
      }
      if (!failing) logger.warn({ err }, 'user budget not shared (Valkey), counting per instance');
      failing = true;
    }
  }

  function flush(): Promise<void> {
    if (sending) return sending.then(flush);
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    const batches = [...unsent];
    unsent.clear();
    const done = synced;
    synced = deferred();
    sending = Promise.all(batches.map(([window, userIds]) => send(window, userIds))).then(() => {
      sending = undefined;
      done.resolve();
      if (unsent.size > 0) schedule();
    });
    return sending;
  }

  return {
    points: options.points,
    flush,
    admit: (userId) => admitNow(userId) ?? admitLater(userId),
  };

  /** The admission this instance can give at once, or undefined when it must wait for a sync. */
  function admitNow(userId: string): Admission | undefined {
    const now = Date.now();
    const window = Math.floor(now / windowMs);
    const count = countOf(window, userId);
    const used = count.known + count.sending + count.pending;
    const resetSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
    const shared = !failing && valkey.status === 'ready';
    if (used >= options.points) return { allowed: false, remaining: 0, resetSeconds, shared };
    if (count.sending + count.pending >= options.unconfirmedPerUser) return undefined;
    count.pending++;
    let users = unsent.get(window);
    if (!users) {
      users = new Set();
      unsent.set(window, users);
    }
    users.add(userId);
    schedule();
    return { allowed: true, remaining: options.points - used - 1, resetSeconds, shared };
  }

  /** As many unconfirmed as allowed: wait for the sync under way, or the next one, and again. */
  async function admitLater(userId: string): Promise<Admission> {
    for (;;) {
      if (sending) await sending;
      else {
        schedule();
        await synced.promise;
      }
      const admission = admitNow(userId);
      if (admission) return admission;
    }
  }
}

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
