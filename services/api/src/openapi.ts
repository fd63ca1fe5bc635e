import { OpenAPIHono, z } from '@hono/zod-openapi';
import { type FieldError, ValidationError } from '@insightdesk/shared/errors';
import type { ApiEnv } from './env';

/** zod issues → the `errors` of a 400 problem. */
export function fieldErrors(error: z.ZodError): FieldError[] {
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
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
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
  422: 'Idempotency-Key reused with a different request',
  428: 'If-Match is required',
  429: 'Too many requests (Retry-After, RateLimit-*)',
};

/** The error answers a route can give, documented as problem+json. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    [400, 429, ...statuses].map((status) => [
      status,
      {
        description: problemDescriptions[status] ?? 'Error',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    ]),
  );
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
  limit: z.coerce.number().int().min(1).max(100).default(25).openapi({ example: 25 }),
  cursor: z.string().max(512).optional(),
};

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** Path ids are checked by the data layer (a malformed id is simply not found: 404). */
export const idParam = z.string().min(1).max(64);
export const orgParams = z.object({ orgId: idParam });
export const ticketParams = z.object({ orgId: idParam, ticketId: idParam });

export const bearer = [{ bearerAuth: [] }];
