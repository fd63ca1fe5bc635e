import { z } from '@hono/zod-openapi';
import {
  auditedBy,
  bearer,
  createRouter,
  executor,
  idParam,
  json,
  jsonBody,
  orgAccess,
  orgParams,
  page,
  pageQuery,
  problems,
  protectedRoute,
  scopeOf,
} from '@insightdesk/shared/api';
import { UnprocessableError, ValidationError } from '@insightdesk/shared/errors';
import { registrationProblem } from '@insightdesk/shared/net';
import { TEXT_LIMITS, timestamp, uuid } from '@insightdesk/shared/shapes';
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listDeliveries,
  listEndpoints,
  updateEndpoint,
} from '@insightdesk/shared/webhooks';
import {
  changeWebhooks,
  RECOVER_LIMIT,
  restartWebhookDeliveries,
  rotateWebhookSecret,
} from '../commands/webhooks';
import type { ApiDeps } from '../deps';
import { currentPassword, requireCurrentPassword } from '../reauthentication';

const endpointParams = z.object({ orgId: idParam, webhookId: idParam });
const deliveryParams = endpointParams.extend({ deliveryId: idParam });

const webhookSchema = z
  .object({
    id: uuid(),
    url: z.string().max(TEXT_LIMITS.url),
    description: z.string().max(TEXT_LIMITS.description),
    eventTypes: z.array(z.string().max(100)).max(200),
    enabled: z.boolean(),
    disabledReason: z
      .enum(['gone', 'failing'])
      .nullable()
      .openapi({ description: 'why the platform turned it off (410, or failing for days)' }),
    failingSince: timestamp().nullable(),
    lastSuccessAt: timestamp().nullable(),
    previousSecretValidUntil: timestamp()
      .nullable()
      .openapi({ description: 'the secret before the last rotation still signs until then' }),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi('WebhookEndpoint');

const secretSchema = z.string().max(200).openapi({
  description:
    'the signing secret (Standard Webhooks, `whsec_…`): shown this once, never again; verify deliveries with it',
});

const webhookWithSecret = webhookSchema
  .extend({ secret: secretSchema })
  .openapi('WebhookEndpointWithSecret');

const attemptSchema = z
  .object({
    at: timestamp(),
    statusCode: z.number().int().min(100).max(999).nullable().openapi({ format: 'int32' }),
    error: z.string().max(500).nullable(),
    latencyMs: z.number().int().min(0).max(3_600_000).openapi({ format: 'int32' }),
    responseExcerpt: z.string().max(1024).openapi({ description: 'the first 1 KB of the answer' }),
    succeeded: z.boolean(),
  })
  .openapi('WebhookAttempt');

const deliverySchema = z
  .object({
    id: uuid(),
    messageId: z.string().max(100).openapi({ description: 'the `webhook-id` of every attempt' }),
    eventType: z.string().max(100),
    status: z.enum(['pending', 'succeeded', 'failed']),
    nextAttemptAt: timestamp().nullable(),
    createdAt: timestamp(),
    attempts: z.array(attemptSchema).max(20).openapi({ description: 'the latest, newest first' }),
  })
  .openapi('WebhookDelivery');

const restartedSchema = z.object({
  queued: z.number().int().min(0).max(RECOVER_LIMIT).openapi({ format: 'int32' }),
});

/**
 * `/api/v1/orgs/{orgId}/webhooks` (admins): outbound webhook endpoints, their secrets and their
 * delivery log. Mounted on a signed-in router without Idempotency-Key: creating and rotating
 * answer a secret, which must never be stored (as /me's credentials are not).
 */
export function webhookRoutes(deps: ApiDeps) {
  const app = createRouter();
  const admins = orgAccess(deps.memberships, 'admin');
  const { webhooks } = deps;

  const eventTypes = z
    .array(z.string().max(100))
    .min(1)
    .max(200)
    .superRefine((types, ctx) => {
      for (const type of types)
        if (!webhooks.eventTypes.includes(type))
          ctx.addIssue({
            code: 'custom',
            message: `Not an event type of this deployment: ${type}`,
          });
    })
    .openapi({ description: "event types to deliver (the deployment's webhook event types)" });
  const url = z.string().max(TEXT_LIMITS.url).openapi({
    description: 'http(s) URL the events are POSTed to',
    example: 'https://example.com/hooks',
  });
  const description = z.string().trim().max(TEXT_LIMITS.description);

  /** A URL that could never be delivered to is refused at once (a name is vetted at each attempt). */
  const checkUrl = (value: string) => {
    const problem = registrationProblem(value, webhooks);
    if (problem) throw new ValidationError([{ path: 'url', message: problem }]);
  };

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/event-types',
      operationId: 'listWebhookEventTypes',
      tags: ['webhooks'],
      summary: 'The event types an endpoint may subscribe to (admins)',
      security: bearer,
      middleware: [admins],
      request: { params: orgParams },
      responses: {
        200: json(z.object({ items: z.array(z.string().max(100)).max(500) }), 'Event types'),
        ...problems(401, 403, 404),
      },
    }),
    (c) => c.json({ items: [...webhooks.eventTypes] }, 200),
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/',
      operationId: 'createWebhook',
      tags: ['webhooks'],
      summary:
        'Add a webhook endpoint (admins; needs your current password); its secret is answered once',
      security: bearer,
      middleware: [admins],
      request: {
        params: orgParams,
        ...jsonBody(
          z.strictObject({
            url,
            eventTypes,
            description: description.optional(),
            enabled: z.boolean().optional(),
            currentPassword,
          }),
        ),
      },
      responses: {
        201: json(webhookWithSecret, 'Created; keep the secret, it is not shown again'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { currentPassword: password, ...input } = c.req.valid('json');
      checkUrl(input.url);
      await requireCurrentPassword(c, deps, password);
      const scope = scopeOf(c);
      const created = await changeWebhooks(
        executor(c, deps),
        scope,
        auditedBy(c, deps),
        'webhook.created',
        async (tx) => {
          const made = await createEndpoint(tx, scope, input, deps.cipher);
          return {
            result: made,
            endpointId: made.endpoint.id,
            recorded: { ...input, url: withoutCredentials(input.url) },
          };
        },
      );
      c.header('Cache-Control', 'no-store');
      return c.json({ ...created.endpoint, secret: created.secret }, 201);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/',
      operationId: 'listWebhooks',
      tags: ['webhooks'],
      summary: "The organization's webhook endpoints (admins)",
      security: bearer,
      middleware: [admins],
      request: { params: orgParams, query: z.object(pageQuery) },
      responses: {
        200: json(page(webhookSchema), 'Endpoints, oldest first'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) =>
      c.json(await listEndpoints(executor(c, deps), scopeOf(c), c.req.valid('query')), 200),
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{webhookId}',
      operationId: 'getWebhook',
      tags: ['webhooks'],
      summary: 'One webhook endpoint (admins)',
      security: bearer,
      middleware: [admins],
      request: { params: endpointParams },
      responses: { 200: json(webhookSchema, 'The endpoint'), ...problems(401, 403, 404) },
    }),
    async (c) =>
      c.json(await getEndpoint(executor(c, deps), scopeOf(c), c.req.valid('param').webhookId), 200),
  );

  app.openapi(
    protectedRoute({
      method: 'patch',
      path: '/{webhookId}',
      operationId: 'updateWebhook',
      tags: ['webhooks'],
      summary:
        'Change an endpoint (admins); a new URL needs your current password; enabling it again ends its failure streak',
      security: bearer,
      middleware: [admins],
      request: {
        params: endpointParams,
        ...jsonBody(
          z.strictObject({
            url: url.optional(),
            eventTypes: eventTypes.optional(),
            description: description.optional(),
            enabled: z.boolean().optional(),
            currentPassword: currentPassword.optional(),
          }),
        ),
      },
      responses: { 200: json(webhookSchema, 'The endpoint'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { currentPassword: password, ...patch } = c.req.valid('json');
      if (patch.url !== undefined) {
        checkUrl(patch.url);
        // Where the organization's events go is as sensitive as a new endpoint.
        if (password === undefined)
          throw new ValidationError([
            { path: 'currentPassword', message: 'Changing the URL needs your current password.' },
          ]);
      }
      if (password !== undefined) await requireCurrentPassword(c, deps, password);
      const scope = scopeOf(c);
      const { webhookId } = c.req.valid('param');
      const endpoint = await changeWebhooks(
        executor(c, deps),
        scope,
        auditedBy(c, deps),
        'webhook.updated',
        async (tx) => ({
          result: await updateEndpoint(tx, scope, webhookId, patch),
          endpointId: webhookId,
          recorded:
            patch.url === undefined
              ? { ...patch }
              : { ...patch, url: withoutCredentials(patch.url) },
        }),
      );
      return c.json(endpoint, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'delete',
      path: '/{webhookId}',
      operationId: 'deleteWebhook',
      tags: ['webhooks'],
      summary: 'Delete an endpoint with its delivery log (admins)',
      security: bearer,
      middleware: [admins],
      request: { params: endpointParams },
      responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const { webhookId } = c.req.valid('param');
      await changeWebhooks(
        executor(c, deps),
        scope,
        auditedBy(c, deps),
        'webhook.deleted',
        async (tx) => ({
          result: await deleteEndpoint(tx, scope, webhookId),
          endpointId: webhookId,
          recorded: {},
        }),
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{webhookId}/rotate-secret',
      operationId: 'rotateWebhookSecret',
      tags: ['webhooks'],
      summary:
        'A new signing secret (admins; needs your current password); the old one keeps signing, beside it, for the grace period',
      security: bearer,
      middleware: [admins],
      request: {
        params: endpointParams,
        ...jsonBody(
          z.strictObject({
            currentPassword,
            graceSeconds: z
              .number()
              .int()
              .min(0)
              .max(7 * 86_400)
              .optional()
              .openapi({
                format: 'int32',
                description:
                  'how long the old secret still signs (default: WEBHOOK_SECRET_GRACE_HOURS; 0: not at all)',
              }),
          }),
        ),
      },
      responses: {
        200: json(webhookWithSecret, 'Rotated; keep the new secret, it is not shown again'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      await requireCurrentPassword(c, deps, body.currentPassword);
      const rotated = await rotateWebhookSecret(
        deps,
        executor(c, deps),
        scopeOf(c),
        auditedBy(c, deps),
        c.req.valid('param').webhookId,
        body.graceSeconds ?? webhooks.secretGraceSeconds,
      );
      c.header('Cache-Control', 'no-store');
      return c.json({ ...rotated.endpoint, secret: rotated.secret }, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{webhookId}/deliveries',
      operationId: 'listWebhookDeliveries',
      tags: ['webhooks'],
      summary: "An endpoint's delivery log: each event with its latest attempts (admins)",
      security: bearer,
      middleware: [admins],
      request: { params: endpointParams, query: z.object(pageQuery) },
      responses: {
        200: json(page(deliverySchema), 'Deliveries, newest first'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const { webhookId } = c.req.valid('param');
      const db = executor(c, deps);
      await getEndpoint(db, scope, webhookId);
      return c.json(await listDeliveries(db, scope, webhookId, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{webhookId}/deliveries/{deliveryId}/redeliver',
      operationId: 'redeliverWebhook',
      tags: ['webhooks'],
      summary:
        'Send one delivery again, under the same webhook-id, with a new run of retries (admins)',
      security: bearer,
      middleware: [admins],
      request: { params: deliveryParams },
      responses: {
        202: json(restartedSchema, 'Queued'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { webhookId, deliveryId } = c.req.valid('param');
      const queued = await restartWebhookDeliveries(executor(c, deps), scopeOf(c), webhookId, {
        deliveryId,
      });
      return c.json({ queued }, 202);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{webhookId}/recover',
      operationId: 'recoverWebhook',
      tags: ['webhooks'],
      summary: `Send again every failed delivery since a time (admins; at most ${RECOVER_LIMIT} per call)`,
      security: bearer,
      middleware: [admins],
      request: { params: endpointParams, ...jsonBody(z.strictObject({ since: timestamp() })) },
      responses: {
        202: json(restartedSchema, 'Queued'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const since = new Date(c.req.valid('json').since);
      if (since.getTime() > Date.now())
        throw new UnprocessableError('since_in_future', '`since` is in the future.');
      const queued = await restartWebhookDeliveries(
        executor(c, deps),
        scopeOf(c),
        c.req.valid('param').webhookId,
        { since },
      );
      return c.json({ queued }, 202);
    },
  );

  return app;
}

/** A URL as the audit log keeps it: no user info, query or fragment (they may carry tokens). */
function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
