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
  readonly #limits: BudgetLimits;
  readonly #events: TokenBucket;
  // Made on first use: most sockets never replay nor get refused (a bucket is ~50 bytes, and a
  // ws instance holds thousands of sockets).
  #replays?: TokenBucket;
  #refusals?: TokenBucket;

  constructor(limits: BudgetLimits) {
    this.#limits = limits;
    this.#events = new TokenBucket(limits.eventBurst, limits.eventsPerSecond);
  }

  event(): boolean {
    return this.#events.take();
  }

  replay(): boolean {
    const { replaysPerMinute } = this.#limits;
    this.#replays ??= new TokenBucket(replaysPerMinute, replaysPerMinute / 60);
    return this.#replays.take();
  }

  /** Counts a `rate_limited` answer; false once the socket keeps going regardless. */
  refusal(): boolean {
    const { refusalsBeforeDisconnect } = this.#limits;
    this.#refusals ??= new TokenBucket(
      refusalsBeforeDisconnect,
      refusalsBeforeDisconnect / REFUSAL_WINDOW_SECONDS,
    );
    return this.#refusals.take();
  }
}
