import { describe, expect, test } from 'bun:test';
import { createRouter } from '@insightdesk/shared/api';
import { CompiledRouter } from '@insightdesk/shared/http';
import { inertApiRoutes } from '../../tools/lint-api';

// The api's own routes (platform and product, built as tools/lint-api.ts builds them: no stack)
// matched by the CompiledRouter the services use (shared/src/http/router.ts) and by Hono's
// default router (its SmartRouter, which takes the TrieRouter for them: the RegExpRouter refuses
// some). For every path a route can be asked with — each parameter filled with an id, with a
// word, and with every literal segment found at its depth (where a literal beside a parameter
// makes the RegExpRouter refuse) — and every method, both must answer the same handlers, in the
// same order, with the same parameters. Then the literal-beside-parameter case on its own.

type Matched<T> = [T, Record<string, string>][];

/** Each matched handler with its parameters, whichever of Hono's two result shapes came back. */
function matched<T>(result: ReturnType<CompiledRouter<T>['match']>): Matched<T> {
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
    // A stranger's paths too: empty and doubled segments, dot segments, encoded slashes and
    // characters, non-ASCII, a trailing slash, thousands of segments and an 8 KB segment (what
    // nginx lets through at most).
    const paths = new Set([
      '/',
      '/api',
      '/api/',
      '/nowhere',
      '/api/v1/orgs//items',
      `/api/v1/orgs/${ID}/items/`,
      `/api/v1/orgs/${ID}/items/../webhooks/event-types`,
      `/api/v1/orgs/${ID}%2Fwebhooks%2Fevent-types`,
      `/api/v1/orgs/${ID}/webhooks/%65vent-types`,
      `/api/v1/orgs/${ID}/items/é🙂`,
      `/api/v1/orgs/${ID}/webhooks/${'a/'.repeat(4_000)}`,
      `/api/v1/orgs/${ID}/items/${'x'.repeat(8_192)}`,
    ]);
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

/** A router with the shape of our routes: middleware on wildcards, a literal beside a parameter. */
function router() {
  const r = new CompiledRouter<string>();
  r.add('ALL', '/*', 'instrument');
  r.add('ALL', '/api/*', 'edge');
  r.add('GET', '/api/orgs/:orgId/items/:itemId', 'item');
  r.add('GET', '/api/orgs/:orgId/webhooks/event-types', 'event types');
  r.add('GET', '/api/orgs/:orgId/webhooks/:webhookId', 'webhook');
  r.add('POST', '/api/orgs/:orgId/webhooks', 'create webhook');
  return r;
}

describe('CompiledRouter: one compiled expression where Hono can build one, the trie elsewhere', () => {
  test('a path no set-aside route can match: its middleware and route, in the order added, from the expression', () => {
    const result = router().match('GET', '/api/orgs/o1/items/i1');
    expect(result[1]).toBeDefined(); // the RegExpRouter's shape: its match carries the parameters
    expect(matched(result)).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['item', { orgId: 'o1', itemId: 'i1' }],
    ]);
  });

  test('a literal beside a parameter (refused by the RegExpRouter): both match, the literal first, as Hono matches', () => {
    const r = router();
    const result = r.match('GET', '/api/orgs/o1/webhooks/event-types');
    expect(result[1]).toBeUndefined(); // the trie's shape
    expect(matched(result)).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['event types', { orgId: 'o1' }],
      ['webhook', { orgId: 'o1', webhookId: 'event-types' }],
    ]);
    expect(matched(r.match('GET', '/api/orgs/o1/webhooks/w1'))).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['webhook', { orgId: 'o1', webhookId: 'w1' }],
    ]);
  });

  test('the method decides; an unknown path meets only the middleware that covers it', () => {
    const r = router();
    expect(matched(r.match('POST', '/api/orgs/o1/webhooks'))).toEqual([
      ['instrument', {}],
      ['edge', {}],
      ['create webhook', { orgId: 'o1' }],
    ]);
    expect(matched(r.match('DELETE', '/api/orgs/o1/items/i1'))).toEqual([
      ['instrument', {}],
      ['edge', {}],
    ]);
    expect(matched(r.match('GET', '/nowhere'))).toEqual([['instrument', {}]]);
  });

  test('routes are added before the first match, never after', () => {
    const r = router();
    r.match('GET', '/');
    expect(() => r.add('GET', '/late', 'late')).toThrow(/after the first match/);
  });
});
