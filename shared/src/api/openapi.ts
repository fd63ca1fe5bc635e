import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { type FieldError, ValidationError } from '../errors';
import type { ApiEnv } from './env';

/** zod issues → the `errors` of a 400 problem. */
function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/** The refusal of an invalid request part: 400 problem+json listing every invalid field. */
function refuseInvalid(result: { success: boolean; error?: z.ZodError }): void {
  if (!result.success && result.error) throw new ValidationError(fieldErrors(result.error));
}

/**
 * A router whose request validation (zod, from the same schemas the OpenAPI document is made of)
 * fails with a 400 problem+json listing every invalid field.
 *
 * The parts of a request read from its URL and headers (query, path parameters, headers) are
 * checked by one synchronous layer per route (`urlPartsValidator`); zod-openapi's own validators
 * remain for the body, which must be read first. Its layer per part parsed asynchronously and
 * read the Content-Type for each: ~2 µs and four promises of a ticket read (bench/README.md).
 * A route given its own hook keeps zod-openapi's validators throughout.
 */
export function createRouter() {
  const router = new OpenAPIHono<ApiEnv>({ defaultHook: refuseInvalid });
  const register = router.openapi;
  router.openapi = ((config: RouteConfig & { hide?: boolean }, handler: never, hook?: never) => {
    const { query, params, headers, cookies, ...body } = config.request ?? {};
    if (hook || cookies || (!query && !params && !headers) || (headers && !isObject(headers)))
      return register(config, handler, hook);
    const { middleware, hide, ...documented } = config;
    if (!hide) router.openAPIRegistry.registerPath(documented);
    const before =
      middleware === undefined ? [] : Array.isArray(middleware) ? middleware : [middleware];
    return register(
      {
        ...config,
        hide: true,
        request: body,
        middleware: [...before, urlPartsValidator({ query, params, headers })],
      },
      handler,
    );
  }) as typeof register;
  return router;
}

/** A plain object schema (whose keys header names are mapped back to); others keep zod-openapi's. */
const isObject = (schema: unknown): schema is z.ZodObject => schema instanceof z.ZodObject;

type Check = readonly [part: 'query' | 'param' | 'header', schema: z.ZodType];

type UrlParts = Pick<NonNullable<RouteConfig['request']>, 'query' | 'params' | 'headers'>;

/**
 * One layer validating a route's query, path parameters and headers in zod-openapi's order, each
 * read as Hono's validator reads it, with the same result: `c.req.valid(part)`, or the first
 * invalid part's 400. Synchronous: a schema with an asynchronous refinement is parsed
 * asynchronously instead (zod refuses it synchronously).
 */
function urlPartsValidator(parts: UrlParts): MiddlewareHandler<ApiEnv> {
  const query = parts.query as z.ZodType | undefined;
  const params = parts.params as z.ZodType | undefined;
  const headers = parts.headers as z.ZodObject | undefined;
  // Header names arrive lower-cased: map them back to the schema's spelling (as zod-validator).
  const headerNames = headers
    ? new Map(Object.keys(headers.shape).map((name) => [name.toLowerCase(), name]))
    : undefined;
  const read = (c: Context<ApiEnv>, part: 'query' | 'param' | 'header'): unknown => {
    if (part === 'param') return c.req.param();
    // Built as Hono's validator builds them: a key such as `__proto__` stays a key.
    if (part === 'query')
      return Object.fromEntries(
        Object.entries(c.req.queries()).map(([name, all]) => [
          name,
          all.length === 1 ? all[0] : all,
        ]),
      );
    return Object.fromEntries(
      Object.entries(c.req.header()).map(([name, value]) => [
        headerNames?.get(name) ?? name,
        value,
      ]),
    );
  };
  const checks: Check[] = [];
  if (query) checks.push(['query', query]);
  if (params) checks.push(['param', params]);
  if (headers) checks.push(['header', headers]);

  return (c, next) => {
    for (let i = 0; i < checks.length; i++) {
      const [part, schema] = checks[i] as Check;
      const value = read(c, part);
      let result: z.ZodSafeParseResult<unknown>;
      try {
        result = schema.safeParse(value);
      } catch (error) {
        if (!(error instanceof z.core.$ZodAsyncError)) throw error;
        return checkAsync(c, next, checks.slice(i), read);
      }
      refuseInvalid(result);
      c.req.addValidatedData(part, result.data as never);
    }
    return next();
  };
}

/** The rest of `urlPartsValidator`'s checks, from one whose schema is asynchronous. */
async function checkAsync(
  c: Context<ApiEnv>,
  next: () => Promise<void>,
  checks: readonly Check[],
  read: (c: Context<ApiEnv>, part: 'query' | 'param' | 'header') => unknown,
): Promise<void> {
  for (const [part, schema] of checks) {
    const result = await schema.safeParseAsync(read(c, part));
    refuseInvalid(result);
    c.req.addValidatedData(part, result.data as never);
  }
  await next();
}

export const problemSchema = z
  .object({
    type: z.string().max(200),
    title: z.string().max(200),
    status: z.number().int().min(400).max(599).openapi({ format: 'int32' }),
    detail: z.string().max(2000).optional(),
    code: z.string().max(100),
    requestId: z.string().max(128).optional(),
    errors: z
      .array(z.object({ path: z.string().max(500), message: z.string().max(1000) }))
      .max(1000)
      .optional(),
  })
  .openapi('Problem');

const problemDescriptions: Record<number, string> = {
  400: 'Invalid request (problem+json, `errors` lists the fields)',
  401: 'Missing, invalid or expired access token',
  403: 'Not allowed: your role, or what your session reaches (step_up_required, sso_required)',
  404: 'Not found (also: another organization’s object)',
  409: 'Conflict',
  410: 'Gone (withdrawn on purpose)',
  412: 'The resource changed since the version in If-Match',
  413: 'Body too large',
  415: 'Type not allowed, or not what the file claims to be',
  422: 'Idempotency-Key reused with a different request',
  428: 'If-Match is required',
  429: 'Too many requests (Retry-After, RateLimit-*)',
};

const count = (description: string) => ({
  description,
  required: false,
  schema: { type: 'integer' as const, format: 'int32', minimum: 0, maximum: 2_147_483_647 },
});

/**
 * What a rate-limit budget sets (middleware/rate-limit.ts) on an answer once the request was
 * counted against it.
 */
const rateLimitHeaders = {
  'RateLimit-Limit': count('Requests allowed in the window of the budget this request spent'),
  'RateLimit-Remaining': count('Requests left in that window'),
  'RateLimit-Reset': count('Seconds until the window starts again'),
};

/** The error answers a route can give, documented as problem+json. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    [400, 429, ...statuses].map((status) => [
      status,
      {
        description: problemDescriptions[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problemSchema } },
        ...(status === 429
          ? {
              headers: {
                'Retry-After': { ...count('Seconds to wait before trying again'), required: true },
                ...rateLimitHeaders,
              },
            }
          : {}),
      },
    ]),
  );
}

/**
 * The answers of a route that spends a rate-limit budget: each documents the RateLimit-* headers
 * except those given before the budget is spent (`unbudgeted`: by default the 401 of
 * `authenticate`, which runs before the user's budget is spent: `signedIn`).
 */
export function budgeted<T extends RouteConfig['responses']>(
  responses: T,
  unbudgeted: readonly number[] = [401],
): T {
  return Object.fromEntries(
    Object.entries(responses).map(([status, response]) => [
      status,
      unbudgeted.includes(Number(status)) || '$ref' in response
        ? response
        : { ...response, headers: { ...rateLimitHeaders, ...response.headers } },
    ]),
  ) as T;
}

/** A route under an organization (an `orgId` path parameter): `orgAccess` guards it. */
const underOrganization = (config: RouteConfig) => {
  const params = config.request?.params;
  return params instanceof z.ZodObject && 'orgId' in params.shape;
};

/**
 * The refusals any route may give besides its own: a body too large (body-limit.ts) or not JSON
 * (the validator) when it takes one; under an organization, what the session reaches (403
 * `step_up_required`, `sso_required`: tenancy/org-access.ts) and another tenant's id (404);
 * and `extra`. The route's own descriptions win.
 */
function withRefusals<R extends RouteConfig>(config: R, extra: readonly number[]) {
  const statuses = [
    ...(config.request?.body ? [413, 415] : []),
    ...(underOrganization(config) ? [403, 404] : []),
    ...extra,
  ];
  return { ...problems(...statuses), ...config.responses } as R['responses'];
}

/** `createRoute`, with the refusals every route may give (see `withRefusals`). */
export function route<R extends RouteConfig>(config: R) {
  return createRoute({ ...config, responses: withRefusals(config, []) });
}

/** `route` for one that spends a budget (see `budgeted`). */
export function budgetedRoute<R extends RouteConfig>(config: R) {
  return createRoute({ ...config, responses: budgeted(withRefusals(config, [])) });
}

/**
 * `route` for one behind `protectedRouter` (app.ts): the user's budget, and on POST the
 * Idempotency-Key answers (idempotency.ts: 409 while the first is running, 422 for a key reused
 * with another request).
 */
export function protectedRoute<R extends RouteConfig>(config: R) {
  const idempotent = config.method === 'post' ? [409, 422] : [];
  return createRoute({ ...config, responses: budgeted(withRefusals(config, idempotent)) });
}

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** `?limit=` (1–100, default 25) and `?cursor=` of every list. */
export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(25)
    .openapi({ example: 25, format: 'int32' }),
  cursor: z.string().max(512).optional(),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).max(100), nextCursor: z.string().max(512).nullable() });

/** Path ids are checked by the data layer (a malformed id is simply not found: 404). */
export const idParam = z.string().min(1).max(64);
export const orgParams = z.object({ orgId: idParam });

export const bearer = [{ bearerAuth: [] }];
