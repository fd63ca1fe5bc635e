import { createRoute, OpenAPIHono, type RouteConfig, z } from '@hono/zod-openapi';
import { type FieldError, ValidationError } from '../errors';
import type { ApiEnv } from './env';

/** zod issues → the `errors` of a 400 problem. */
function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
}

/**
 * A router whose request validation (zod, from the same schemas the OpenAPI document is made of)
 * fails with a 400 problem+json listing every invalid field.
 */
export function createRouter() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook: (result) => {
      if (!result.success) throw new ValidationError(fieldErrors(result.error));
    },
  });
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
  403: 'Not allowed for your role',
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

/**
 * The refusals any route may give besides its own: a body too large (body-limit.ts) or not JSON
 * (the validator) when it takes one, and `extra`; the route's own descriptions win.
 */
function withRefusals<R extends RouteConfig>(config: R, extra: readonly number[]) {
  const statuses = [...(config.request?.body ? [413, 415] : []), ...extra];
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
