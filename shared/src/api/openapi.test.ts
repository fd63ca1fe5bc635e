import { describe, expect, test } from 'bun:test';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, ValidationError } from '../errors';
import type { ApiEnv } from './env';
import { createRouter } from './openapi';

// One route with every part a request is validated in — query (coerced, an array, strict),
// path parameters, headers (spelled as the schema spells them), a JSON body — served twice: by
// our router (its one synchronous layer for the URL's and headers' parts) and by zod-openapi's
// own, with the same refusal. Each request must come back alike from both; the OpenAPI
// documents must be the same.

const route = createRoute({
  method: 'post',
  path: '/orgs/{orgId}/items/{itemId}',
  request: {
    params: z.object({ orgId: z.string().max(8), itemId: z.string().regex(/^\d+$/) }),
    query: z
      .object({
        limit: z.coerce.number().int().min(1).max(100).default(25),
        tag: z.array(z.string().max(5)).max(3).optional(),
        sort: z.enum(['asc', 'desc']).optional(),
      })
      .strict(),
    headers: z.object({ 'If-Match': z.string().max(8).optional() }),
    body: {
      content: { 'application/json': { schema: z.object({ name: z.string().max(10) }) } },
      required: true,
    },
  },
  responses: { 200: { description: 'echo' } },
});

function serve(app: OpenAPIHono<ApiEnv>): Hono<ApiEnv> {
  app.onError((err, c) =>
    err instanceof AppError
      ? c.json({ code: err.code, errors: err.errors ?? null }, err.status as 400)
      : err instanceof HTTPException
        ? c.json({ http: err.message }, err.status)
        : c.json({ crash: err.message }, 500),
  );
  app.openapi(route, (c) =>
    c.json(
      {
        param: c.req.valid('param'),
        query: c.req.valid('query'),
        header: c.req.valid('header'),
        json: c.req.valid('json'),
      },
      200,
    ),
  );
  return app;
}

const theirs = () =>
  serve(
    new OpenAPIHono<ApiEnv>({
      defaultHook: (result) => {
        if (!result.success)
          throw new ValidationError(
            result.error.issues.map((issue) => ({
              path: issue.path.map(String).join('.') || '(body)',
              message: issue.message,
            })),
          );
      },
    }),
  );

async function ask(app: Hono<ApiEnv>, path: string, init: RequestInit = {}) {
  const res = await app.request(path, {
    method: 'POST',
    body: init.body ?? '{"name":"a"}',
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
  return { status: res.status, body: await res.json() };
}

describe("a route's query, parameters and headers checked in one layer, as zod-openapi checks them", () => {
  const requests: [string, string, RequestInit?][] = [
    ['valid', '/orgs/o1/items/42?limit=5&tag=a&tag=b', { headers: { 'if-match': '"3"' } }],
    ['defaults', '/orgs/o1/items/42'],
    ['a bad parameter', '/orgs/o1/items/x'],
    ['a long parameter', `/orgs/${'o'.repeat(9)}/items/42`],
    ['a bad query', '/orgs/o1/items/42?limit=0'],
    ['an unknown query key', '/orgs/o1/items/42?other=1'],
    ['`__proto__` in the query, once', '/orgs/o1/items/42?__proto__=x'],
    ['`__proto__` in the query, twice', '/orgs/o1/items/42?__proto__=a&__proto__=b&sort=asc'],
    ['too many of an array', '/orgs/o1/items/42?tag=a&tag=b&tag=c&tag=d'],
    ['a bad header', '/orgs/o1/items/42', { headers: { 'if-match': '"123456789"' } }],
    ['every part bad: the query answers', '/orgs/o1/items/x?limit=0', { body: '{"name":1}' }],
    ['parameter and body bad: the parameter answers', '/orgs/o1/items/x', { body: '{"name":1}' }],
    ['a bad body', '/orgs/o1/items/42', { body: '{"name":"abcdefghijklmnop"}' }],
    ['a malformed body', '/orgs/o1/items/42', { body: '{"name"' }],
    ['not JSON', '/orgs/o1/items/42', { headers: { 'content-type': 'text/plain' } }],
    ['encoded parameters', '/orgs/o%31/items/%34%32'],
  ];
  for (const [name, path, init] of requests)
    test(name, async () => {
      const ours = await ask(serve(createRouter()), path, init);
      expect(ours).toEqual(await ask(theirs(), path, init));
      expect(ours.status).toBeLessThan(500);
    });

  test('the valid request reads what the route declared', async () => {
    const { status, body } = await ask(serve(createRouter()), '/orgs/o1/items/42?tag=a&tag=b', {
      headers: { 'if-match': '"3"' },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      param: { orgId: 'o1', itemId: '42' },
      query: { limit: 25, tag: ['a', 'b'] },
      header: { 'If-Match': '"3"' },
      json: { name: 'a' },
    });
  });

  test('the OpenAPI document is the same', () => {
    const document = (app: OpenAPIHono<ApiEnv>) =>
      app.getOpenAPIDocument({ openapi: '3.0.0', info: { title: 't', version: '1' } });
    const ours = createRouter();
    serve(ours);
    const other = theirs() as OpenAPIHono<ApiEnv>;
    expect(document(ours)).toEqual(document(other));
    expect(JSON.stringify(document(ours))).toContain('If-Match');
  });

  test('an asynchronous refinement is still checked (asynchronously)', async () => {
    const app = createRouter();
    app.onError((err, c) => c.json({ status: err instanceof AppError ? err.status : 500 }, 400));
    app.openapi(
      createRoute({
        method: 'get',
        path: '/things/{id}',
        request: {
          params: z.object({ id: z.string().refine(async (id) => id !== 'no') }),
        },
        responses: { 200: { description: 'ok' } },
      }),
      (c) => c.json(c.req.valid('param'), 200),
    );
    expect(await (await app.request('/things/yes')).json()).toEqual({ id: 'yes' });
    expect(await (await app.request('/things/no')).json()).toEqual({ status: 400 });
  });
});
