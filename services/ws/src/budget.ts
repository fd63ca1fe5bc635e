/**
 * A token bucket: holds up to `capacity` tokens, refilled at `perSecond`; each admitted action
 * takes one. In memory, one per socket and purpose: a socket lives on one instance, and its
 * state goes with it (a library's keyed store would need cleaning up after every socket).
 */
class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now = performance.now(),
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  take(now = performance.now()): boolean {
    this.#tokens = Math.min(
      this.capacity,
      this.#tokens + ((now - this.#at) / 1000) * this.perSecond,
    );
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

export interface BudgetLimits {
  readonly eventsPerSecond: number;
  readonly eventBurst: number;
  readonly replaysPerMinute: number;
  readonly refusalsBeforeDisconnect: number;
}

/** Seconds over which refusals add up to a disconnect. */
const REFUSAL_WINDOW_SECONDS = 10;

/**
 * What one socket may ask: client events (any, valid or not), replays (subscribes with
 * `since`), and how many refusals it may collect before it is disconnected.
 */
export class SocketBudget {
  readonly #events: TokenBucket;
  readonly #replays: TokenBucket;
  readonly #refusals: TokenBucket;

  constructor(limits: BudgetLimits) {
    this.#events = new TokenBucket(limits.eventBurst, limits.eventsPerSecond);
    this.#replays = new TokenBucket(limits.replaysPerMinute, limits.replaysPerMinute / 60);
    this.#refusals = new TokenBucket(
      limits.refusalsBeforeDisconnect,
      limits.refusalsBeforeDisconnect / REFUSAL_WINDOW_SECONDS,
    );
  }

  event(): boolean {
    return this.#events.take();
  }

  replay(): boolean {
    return this.#replays.take();
  }

  /** Counts a `rate_limited` answer; false once the socket keeps going regardless. */
  refusal(): boolean {
    return this.#refusals.take();
  }
}
