import { describe, expect, test } from 'bun:test';
import { createRouter } from '@insightdesk/shared/api';
import { CompiledRouter } from '@insightdesk/shared/http';
import { inertApiRoutes } from '../../tools/lint-api';

// The api's own routes (platform and product, built as tools/lint-api.ts builds them: no stack)
// matched by the CompiledRouter the services use and by Hono's default router (its SmartRouter,
// which takes the TrieRouter for them: the RegExpRouter refuses some): for every path a route can be asked with — each parameter filled with an id, with a
// word, and with every literal segment found at its depth (where a literal beside a parameter
// makes the RegExpRouter refuse) — and every method, both must answer the same handlers, in the
// same order, with the same parameters.

type Matched = [unknown, Record<string, string>][];

function matched(result: ReturnType<CompiledRouter<unknown>['match']>): Matched {
  const [handlers, stash] = result;
  return handlers.map(([handler, params]) => [
    handler,
    stash
      ? Object.fromEntries(
          Object.entries(params as Record<string, number>).map(([k, i]) => [k, String(stash[i])]),
        )
      : { ...(params as Record<string, string>) },
  ]);
}

const ID = '0b0e4a6e-9b53-4c0e-8a0c-3c6f3f1d2a11';

/** Every concrete path a route's pattern stands for, with the given fillers per position. */
function pathsOf(pattern: string, literalsAt: Map<number, Set<string>>): string[] {
  let paths = [''];
  pattern
    .split('/')
    .slice(1)
    .forEach((segment, depth) => {
      const fillers = segment.startsWith(':')
        ? [ID, 'x', ...(literalsAt.get(depth) ?? [])]
        : segment === '*'
          ? ['', 'a/b']
          : [segment];
      paths = paths.flatMap((p) => fillers.map((f) => `${p}/${f}`));
    });
  return paths;
}

describe('the api matches its routes with one compiled expression, as Hono would with a trie', () => {
  test("the CompiledRouter and Hono's own router answer every route's paths alike", () => {
    const app = createRouter();
    // The base app's and the edge's middleware, as the api mounts them (services/api/src/app.ts).
    app.use('*', () => Promise.resolve());
    app.use('/api/*', () => Promise.resolve());
    app.route('/api', inertApiRoutes());
    const routes = app.routes.map((r) => [r.method, r.path] as const);
    expect(routes.length).toBeGreaterThan(200);
    // The same handlers: Hono's router holds each route's handler with the route itself.
    const compiled = new CompiledRouter<unknown>();
    for (const r of app.routes) compiled.add(r.method, r.path, [r.handler, r]);
    const hono = app.router as unknown as CompiledRouter<unknown>;

    const literalsAt = new Map<number, Set<string>>();
    for (const [, path] of routes)
      path
        .split('/')
        .slice(1)
        .forEach((segment, depth) => {
          if (segment && !segment.startsWith(':') && segment !== '*')
            literalsAt.set(depth, (literalsAt.get(depth) ?? new Set()).add(segment));
        });
    // Only where a parameter sits beside a literal would the fillers multiply past use: keep the
    // literals of the depths where the RegExpRouter can refuse, and one more word elsewhere.
    const paths = new Set(['/', '/api', '/api/', '/nowhere', '/api/v1/orgs//tickets']);
    for (const [, path] of routes) for (const p of pathsOf(path, literalsAt)) paths.add(p);
    const methods = [...new Set([...routes.map(([m]) => m), 'OPTIONS'])].filter((m) => m !== 'ALL');

    let compared = 0;
    let fromExpression = 0;
    for (const path of paths)
      for (const method of methods) {
        const ours = compiled.match(method, path);
        expect({ method, path, handlers: matched(ours) }).toEqual({
          method,
          path,
          handlers: matched(hono.match(method, path)),
        });
        compared++;
        if (ours[1]) fromExpression++;
      }
    // Most requests are matched by the expression, not by the trie it falls back to; Hono's own
    // router is the trie for all of them (why the services use this one).
    expect(app.router.name).toBe('SmartRouter + TrieRouter');
    expect(compared).toBeGreaterThan(1_000);
    expect(fromExpression / compared).toBeGreaterThan(0.5);
  });
});
