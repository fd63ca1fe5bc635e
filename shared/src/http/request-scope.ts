import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the request a piece of code runs for, wherever it runs (a statement deep in a
 * command: shared/src/db/slow-statements.ts), without threading it through every call. Off, it
 * costs nothing: `run` calls its function, `current` answers undefined. On, an async-local store
 * carries the id across every await of the request (bench/request-scope.ts measures what that
 * costs a request).
 */
export interface RequestScope {
  readonly enabled: boolean;
  run<T>(requestId: string, fn: () => T): T;
  current(): string | undefined;
}

export function createRequestScope(enabled: boolean): RequestScope {
  if (!enabled) return { enabled, run: (_id, fn) => fn(), current: () => undefined };
  const store = new AsyncLocalStorage<string>();
  return {
    enabled,
    run: (requestId, fn) => store.run(requestId, fn),
    current: () => store.getStore(),
  };
}
