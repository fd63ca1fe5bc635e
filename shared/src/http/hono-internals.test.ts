import { expect, test } from 'bun:test';
import { Hono } from 'hono';
import { type ParamIndexMap, type Result, type Router, UnsupportedPathError } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { testPinned } from '../../../tests/support/pinned-library';
import { buildExpression, HONO, matchStashed, type RouteEntry } from './hono-internals';

// The contract of hono-internals.ts: each behaviour of Hono it lists, on Hono as installed.

testPinned(HONO, 'shared/src/http/hono-internals.ts', import.meta.dir);

/** A router that records what Hono adds and answers every request with `answer`. */
class FixedRouter implements Router<RouteEntry> {
  readonly name = 'FixedRouter';
  readonly added: [string, string, RouteEntry][] = [];
  answer: Result<RouteEntry> = [[]];
  add(method: string, path: string, entry: RouteEntry) {
    this.added.push([method, path, entry]);
  }
  match(): Result<RouteEntry> {
    return this.answer;
  }
}

test('Hono adds each route to its router as [handler, route]', () => {
  const router = new FixedRouter();
  const app = new Hono({ router });
  const handler = () => new Response('ok');
  app.get('/items/:id', handler);
  expect(router.added).toHaveLength(1);
  const [method, path, [added, route]] = router.added[0] ?? ['', '', [null, null]];
  expect([method, path]).toEqual(['GET', '/items/:id']);
  expect(added).toBe(handler);
  expect(route).toMatchObject({ method: 'GET', path: '/items/:id', handler });
});

test('a RegExpRouter answers its lists with a stash, the same list on every match', () => {
  const router = new RegExpRouter<string>();
  router.add('GET', '/items/:id', 'item');
  router.add('GET', '/items/:id/notes/:note', 'note');
  const [first, stash] = matchStashed(router, 'GET', '/items/7/notes/9');
  const [again] = matchStashed(router, 'GET', '/items/8/notes/1');
  expect(first).toBe(again);
  const [[value, places] = ['', {} as ParamIndexMap]] = first;
  expect(value).toBe('note');
  expect(stash[places.id as number]).toBe('7');
  expect(stash[places.note as number]).toBe('9');
});

test('a RegExpRouter refuses a literal segment beside a parameter, by the time it builds', () => {
  const router = new RegExpRouter<string>();
  const refusal = () => {
    router.add('GET', '/auth/oidc/callback', 'callback');
    router.add('GET', '/auth/oidc/:provider/start', 'start');
    buildExpression(router);
  };
  expect(refusal).toThrow(UnsupportedPathError);
  const accepted = new RegExpRouter<string>();
  accepted.add('GET', '/auth/oidc/:provider/start', 'start');
  buildExpression(accepted);
  expect(matchStashed(accepted, 'GET', '/auth/oidc/okta/start')[0]).toHaveLength(1);
});

test("Hono runs a one-entry match itself: the entry's handler, its parameters, not-found as next", async () => {
  const router = new FixedRouter();
  const app = new Hono({ router });
  app.notFound((c) => c.text('not found here', 404));
  const route = { basePath: '/', method: 'GET', path: '/items/:id', handler: () => undefined };
  let routePath = '';
  const handler = async (c: Parameters<RouteEntry[0]>[0], next: () => Promise<void>) => {
    routePath = c.req.routePath;
    if (c.req.param('id') === 'missing') {
      await next();
      return;
    }
    return c.text(`item ${c.req.param('id')}`);
  };
  router.answer = [[[[handler as RouteEntry[0], route], { id: 0 }]], ['present']];
  const found = await app.request('/items/present');
  expect(await found.text()).toBe('item present');
  expect(routePath).toBe('/items/:id');
  router.answer = [[[[handler as RouteEntry[0], route], { id: 0 }]], ['missing']];
  const missing = await app.request('/items/missing');
  expect([missing.status, await missing.text()]).toEqual([404, 'not found here']);
});
