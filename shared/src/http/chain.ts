import type { Context, ErrorHandler, Next } from 'hono';
import type { ParamIndexMap } from 'hono/router';
import type { H, RouterRoute } from 'hono/types';
import type { RouteEntry } from './hono-internals';

type Matched = [RouteEntry, ParamIndexMap][];

/**
 * A matched list of handlers as one handler, built once per list: what Hono's `compose` does for
 * every request (a closure over the list, an `async` step per layer, so a promise and its
 * microtasks per layer even where a layer answers at once), done without remaking the chain and
 * without a promise for a layer that did not return one. Hono runs a match of one handler
 * without `compose` at all, so a router that answers each list as one handler takes its chain
 * off every request (bench/README.md).
 *
 * What a layer sees is Hono's: `next()` runs the rest and returns a promise of it; an `Error`
 * thrown (or rejected) by a layer becomes the app's error answer at that layer, so the layers
 * around it finish with that answer as with any other; a layer's returned answer is kept unless
 * one is already final; `next()` called twice rejects; past the last layer, `next` is Hono's
 * own (the not-found answer).
 *
 * The one entry carries the concrete route of the list (the last path not ending in `*`: the
 * route's handler itself, not the middlewares registered by pattern before it) with its
 * parameters: what `c.req.param()` and `matchedRoutes` then read in every layer. A layer added by
 * pattern thus reads the route's parameters besides its own. A list where any layer names a
 * parameter the route names otherwise (or not at all) stays a list, for Hono's `compose`. What
 * this relies on of Hono beyond its router interface is listed in hono-internals.ts.
 */
export function chainer(errorHandler: () => ErrorHandler) {
  const chains = new WeakMap<Matched, Matched>();
  return (matched: Matched): Matched => {
    if (matched.length < 2) return matched;
    let chained = chains.get(matched);
    if (chained === undefined) {
      chained = chainOf(matched, errorHandler());
      chains.set(matched, chained);
    }
    return chained;
  };
}

function chainOf(matched: Matched, onError: ErrorHandler): Matched {
  const concrete = matched.filter(([[, route]]) => !route.path.endsWith('*'));
  const [last] = concrete.length > 0 ? concrete.slice(-1) : matched.slice(-1);
  if (last === undefined) return matched;
  if (!matched.every(([, params]) => within(params, last[1]))) return matched;
  const handlers = matched.map(([[handler]]) => handler);
  const route: RouterRoute = last[0][1];
  return [[[run(handlers, onError), route], last[1]]];
}

/** Whether every parameter `inner` names, `outer` names alike (the same place in the path). */
function within(inner: ParamIndexMap, outer: ParamIndexMap): boolean {
  for (const name in inner) if (inner[name] !== outer[name]) return false;
  return true;
}

const DONE: Promise<void> = Promise.resolve();

function run(handlers: readonly H[], onError: ErrorHandler): H {
  const count = handlers.length;
  return (c: Context, end: Next) => {
    let index = -1;
    const keep = (answer: unknown) => {
      if (answer instanceof Response && !c.finalized) c.res = answer;
    };
    const fail = (error: unknown): void | Promise<void> => {
      if (!(error instanceof Error)) throw error;
      c.error = error;
      const answer = onError(error, c);
      if (answer instanceof Promise)
        return answer.then((res) => {
          c.res = res;
        });
      c.res = answer;
    };
    const dispatch = (i: number): Promise<void> => {
      if (i <= index) return Promise.reject(new Error('next() called multiple times'));
      index = i;
      // Past the last layer: Hono's not-found answer, unless a layer already answered.
      if (i >= count && c.finalized) return DONE;
      const handler = i < count ? handlers[i] : end;
      let answer: unknown;
      let rest: Promise<void> | undefined;
      try {
        answer = (handler as (c: Context, next: Next) => unknown)(c, () => {
          rest = dispatch(i + 1);
          return rest;
        });
      } catch (error) {
        try {
          return fail(error) ?? DONE;
        } catch (rethrown) {
          return Promise.reject(rethrown);
        }
      }
      // A layer that answered with the rest of the chain itself (`return next()`, once its checks
      // passed at once) adds nothing to it: the rest kept its answer and met its errors already.
      if (answer === rest) return answer as Promise<void>;
      if (answer instanceof Promise) return answer.then(keep, fail);
      keep(answer);
      return DONE;
    };
    return dispatch(0).then(() => {
      // As `compose` leaves it to Hono's dispatch: a bug, answered (and reported) as a 500.
      if (!c.finalized)
        throw new Error(
          'Context is not finalized. Did you forget to return a Response object or `await next()`?',
        );
      return c.res;
    });
  };
}
