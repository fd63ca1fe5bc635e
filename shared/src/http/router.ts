import type { ParamIndexMap, Result, Router } from 'hono/router';
import { UnsupportedPathError } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';
import { buildExpression, matchStashed } from './hono-internals';

type Route<T> = readonly [method: string, path: string, handler: T];

/**
 * Hono's RegExpRouter for every path it can compile, its TrieRouter for the rest.
 *
 * Hono's default (`SmartRouter`) takes the first of the two that accepts *every* route, and the
 * RegExpRouter refuses a literal segment beside a parameter at one position — which our published
 * paths have (`/auth/oidc/callback` beside `/auth/oidc/{provider}/start`, `/webhooks/event-types`
 * beside `/webhooks/{webhookId}`). So one such pair put every request on the trie, which looks the
 * path up segment by segment and allocates per candidate: 3.7 µs per ticket read inside the api,
 * 1.8 with this router (measured in process: bench/README.md).
 *
 * Here the routes the RegExpRouter refuses are set aside; a request that one of them could match
 * is matched by a TrieRouter holding every route (Hono's result, as today), every other request by
 * the RegExpRouter holding the rest. Routes a request cannot match do not change its result, so
 * both answer what one router with every route would: the handlers that match, in the order they
 * were added (`tests/api/router.test.ts` compares the two over the api's own routes).
 */
export class CompiledRouter<T> implements Router<T> {
  readonly name = 'CompiledRouter';
  #routes: Route<T>[] | undefined = [];
  readonly #chain: ((matched: [T, ParamIndexMap][]) => [T, ParamIndexMap][]) | undefined;

  /**
   * `chain`: what the compiled expression's handler lists are answered as (chain.ts: each list
   * as one handler). Those lists are built once per route and kept, so `chain` may keep what it
   * makes of each; the trie's, made per request, are answered as they are.
   */
  constructor(chain?: (matched: [T, ParamIndexMap][]) => [T, ParamIndexMap][]) {
    this.#chain = chain;
  }

  add(method: string, path: string, handler: T): void {
    if (!this.#routes) throw new Error('CompiledRouter: a route added after the first match');
    this.#routes.push([method, path, handler]);
  }

  match(method: string, path: string): Result<T> {
    const routes = this.#routes;
    if (!routes) throw new Error('CompiledRouter: not built');
    this.#routes = undefined;
    const { compiled, refused } = compile(routes);
    const chain = this.#chain;
    const fromCompiled: Router<T>['match'] = chain
      ? (m, p) => {
          const [matched, stash] = matchStashed(compiled, m, p);
          return [chain(matched), stash];
        }
      : compiled.match.bind(compiled);
    if (refused.length === 0) {
      this.match = fromCompiled;
    } else {
      const everyRoute = new TrieRouter<T>();
      for (const [m, p, h] of routes) everyRoute.add(m, p, h);
      // Which paths a refused route can match, whatever the method (the trie answers for the
      // method): itself compiled where it can be, as long as that sets fewer routes aside.
      const paths = new Set(routes.map(([, p]) => p));
      const setAside: Router<true> =
        refused.length < paths.size ? new CompiledRouter<true>() : new TrieRouter<true>();
      for (const p of refused) setAside.add('ALL', p, true);
      this.match = (m, p) =>
        setAside.match(m, p)[0].length > 0 ? everyRoute.match(m, p) : fromCompiled(m, p);
    }
    return this.match(method, path);
  }
}

/**
 * A RegExpRouter of every route it accepts, and the paths of those it refused. The expression is
 * built, hence checked, on the first match; a refusal leaves the router half-built, so each one
 * starts the build again without that path (as many builds as refused paths, once per process).
 */
function compile<T>(routes: readonly Route<T>[]): {
  compiled: RegExpRouter<T>;
  refused: string[];
} {
  const refused = new Set<string>();
  for (;;) {
    const compiled = new RegExpRouter<T>();
    let adding: string | undefined;
    try {
      for (const [method, path, handler] of routes) {
        if (refused.has(path)) continue;
        adding = path;
        compiled.add(method, path, handler);
      }
      adding = undefined;
      buildExpression(compiled);
      return { compiled, refused: [...refused] };
    } catch (error) {
      if (!(error instanceof UnsupportedPathError) || adding === undefined) throw error;
      refused.add(adding);
    }
  }
}
