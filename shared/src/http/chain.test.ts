import { describe, expect, test } from 'bun:test';
import { type Context, type ErrorHandler, Hono, type MiddlewareHandler } from 'hono';
import { chainer } from './chain';
import type { RouteEntry } from './hono-internals';
import { CompiledRouter } from './router';

// The same layers and routes in two apps: Hono's own (its router, its `compose` per request) and
// ours (the CompiledRouter answering each handler list as one chain, chain.ts). Every request
// below must come back alike from both — status, body, headers — with the layers run in the
// same order; then what the chain adds on purpose: a route's parameters in every layer.

type Trace = string[];

function build(router: 'hono' | 'chained', trace: Trace) {
  const onError: ErrorHandler = (err, c) =>
    c.json({ error: err.message }, err.message === 'conflict' ? 409 : 500);
  const app = new Hono(
    router === 'chained'
      ? { router: new CompiledRouter<RouteEntry>(chainer(() => onError)) }
      : undefined,
  );
  app.onError(onError);
  app.notFound((c) => c.json({ error: 'no route' }, 404));
  const layer =
    (name: string): MiddlewareHandler =>
    async (c, next) => {
      trace.push(`${name} in`);
      await next();
      trace.push(`${name} out ${c.res.status}`);
      c.res.headers.append('x-layers', name);
    };
  app.use(layer('outer'));
  app.use('/items/*', layer('items'));
  // A synchronous layer that passes the request on (returns next's promise, awaits nothing).
  app.use('/items/*', (c, next) => {
    trace.push(`sync ${c.req.method}`);
    return next();
  });
  // Answering at once, without a promise (Hono's types ask for one; JavaScript callers need not).
  app.use('/short/*', ((c: Context) =>
    c.text('short-circuited', 203)) as unknown as MiddlewareHandler);
  app.use('/twice/*', async (_c, next) => {
    await next();
    await next();
  });
  app.use('/throws/*', () => {
    throw new Error('conflict');
  });
  app.get('/items/:id', (c) => c.json({ id: c.req.param('id') }, 200, { ETag: '"1"' }));
  app.get('/short/:id', (c) => c.text('unreached'));
  app.get('/twice/:id', (c) => c.text(`twice ${c.req.param('id')}`));
  app.get('/throws/:id', (c) => c.text('unreached'));
  app.get('/items/:id/fails', async () => {
    await Promise.resolve();
    throw new Error('conflict');
  });
  app.get('/items/:id/crashes', () => {
    throw new Error('crash');
  });
  app.get('/items/:id/nothing', async (_c, next) => {
    await next();
  });
  app.post('/items/:id', async (c) => c.json(await c.req.json(), 201));
  // A bug: neither an answer nor next().
  app.get('/silent/:id', async () => {});
  return app;
}

async function answer(router: 'hono' | 'chained', method: string, path: string, body?: string) {
  const trace: Trace = [];
  const app = build(router, trace);
  const res = await app.request(path, { method, body });
  // Hono composes a list per request; ours is one handler per list (so no `compose`).
  const matched = app.router.match(method === 'HEAD' ? 'GET' : method, path)[0].length;
  if (router === 'chained') expect(matched).toBe(1);
  return {
    status: res.status,
    body: await res.text(),
    headers: [...res.headers].sort(),
    trace,
  };
}

describe('a route’s handlers as one chain answer as Hono’s compose does', () => {
  const requests: [string, string, string?][] = [
    ['GET', '/items/7'],
    ['HEAD', '/items/7'],
    ['POST', '/items/7', '{"a":1}'],
    ['POST', '/items/7', '{not json'],
    ['GET', '/short/7'],
    ['GET', '/twice/7'],
    ['GET', '/throws/7'],
    ['GET', '/items/7/fails'],
    ['GET', '/items/7/crashes'],
    ['GET', '/items/7/nothing'],
    ['GET', '/items'],
    ['GET', '/items/'],
    ['GET', '/elsewhere'],
    ['DELETE', '/items/7'],
    ['GET', '/silent/7'],
  ];
  for (const [method, path, body] of requests)
    test(`${method} ${path}`, async () => {
      const hono = await answer('hono', method, path, body);
      const chained = await answer('chained', method, path, body);
      expect(chained).toEqual(hono);
      // And the comparison is not of two empty answers: every request passed the outer layer.
      expect(chained.trace[0]).toBe('outer in');
      expect(chained.trace.at(-1)).toStartWith('outer out ');
    });

  test('an error in a layer is answered there: the layers around it see its answer', async () => {
    const { status, headers, trace } = await answer('chained', 'GET', '/items/7/fails');
    expect(status).toBe(409);
    expect(trace).toEqual(['outer in', 'items in', 'sync GET', 'items out 409', 'outer out 409']);
    expect(headers).toContainEqual(['x-layers', 'items, outer']);
  });

  test('next() called twice is refused, as an error of that layer', async () => {
    const { status, body } = await answer('chained', 'GET', '/twice/7');
    expect(status).toBe(500);
    expect(JSON.parse(body)).toEqual({ error: 'next() called multiple times' });
  });

  test('a thrown value that is not an Error is not answered: the request fails, as in Hono', async () => {
    for (const router of ['hono', 'chained'] as const) {
      const app = build(router, []);
      app.get('/raw/:id', () => {
        throw 'not an error';
      });
      expect(app.request('/raw/1')).rejects.toBe('not an error');
    }
  });

  /** What a layer added by `pattern` reads of `param`, in each app, for a request to `path`. */
  async function paramSeen(pattern: string, param: string, route: string, path: string) {
    const seen: Record<string, string | undefined> = {};
    const lists: Record<string, number> = {};
    for (const router of ['hono', 'chained'] as const) {
      const app = build(router, []);
      app.use(pattern, async (c, next) => {
        seen[router] = c.req.param(param);
        await next();
      });
      // The route answers its one parameter: the number in the path.
      app.get(route, (c) => c.text(Object.values(c.req.param()).join()));
      expect(await (await app.request(path)).text()).toBe(path.match(/\d+/)?.[0] ?? '');
      lists[router] = app.router.match('GET', path)[0].length;
    }
    return { seen, lists };
  }

  test("every layer reads the route's parameters (a pattern's layer reads none in Hono)", async () => {
    const { seen } = await paramSeen('/things/*', 'id', '/things/:id', '/things/42');
    expect(seen).toEqual({ hono: undefined, chained: '42' });
  });

  test('a layer naming a parameter the route names otherwise keeps Hono’s compose', async () => {
    const { seen, lists } = await paramSeen(
      '/named/:org/*',
      'org',
      '/named/:orgId/things',
      '/named/7/things',
    );
    expect(lists.chained).toBeGreaterThan(1);
    expect(seen).toEqual({ hono: '7', chained: '7' });
  });
});
