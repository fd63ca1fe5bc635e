/**
 * A value now, or a promise of it: what a check answers that is usually decided in this process
 * (a token verified before, a session or role held in the near cache, a budget with room left).
 * `await` takes either. A request's path chains them with `andThen`, which makes no promise where
 * none was given: each `async` step of a request costs a promise and its microtasks, and a read
 * passes a dozen of them to answer from memory (bench/README.md).
 *
 * A function answering one may refuse by throwing at once or by rejecting: callers `await` it (or
 * chain it with `andThen` inside a layer whose throws are caught), never call `.then` on it.
 */
export type Awaitable<T> = T | Promise<T>;

/** `next` applied to the value: at once when it is here, once it arrives when it is a promise. */
export function andThen<T, U>(value: Awaitable<T>, next: (value: T) => Promise<U>): Promise<U>;
export function andThen<T, U>(value: Awaitable<T>, next: (value: T) => Awaitable<U>): Awaitable<U>;
export function andThen<T, U>(value: Awaitable<T>, next: (value: T) => Awaitable<U>): Awaitable<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
