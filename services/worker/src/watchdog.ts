export interface StallInput {
  /** Jobs ready to run (waiting or prioritized) across this worker's queues. */
  readonly waiting: number;
  /** Jobs this worker is running right now. */
  readonly active: number;
  /** How many it could run at once. */
  readonly capacity: number;
  /** When this worker last took or finished a job (ms since the epoch). */
  readonly lastConsumedAt: number;
  readonly now: number;
  readonly stallMs: number;
}

/**
 * Stuck: jobs wait, this worker has room for them, and it has consumed nothing for `stallMs`.
 * (A worker whose blocking connection silently died after a failover looks exactly like this.)
 */
export function isStalled(input: StallInput): boolean {
  return (
    input.waiting > 0 &&
    input.active < input.capacity &&
    input.now - input.lastConsumedAt > input.stallMs
  );
}
