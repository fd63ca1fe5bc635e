import { z } from '@hono/zod-openapi';
import {
  bearer,
  createRouter,
  executor,
  json,
  jsonBody,
  orgAccess,
  orgParams,
  page,
  pageQuery,
  problems,
  protectedRoute,
  readLagging,
  requireFeature,
  scopeOf,
} from '@insightdesk/shared/api';
import { AppError, BadRequestError, ForbiddenError } from '@insightdesk/shared/errors';
import { int32, timestamp, uuid } from '@insightdesk/shared/shapes';
import { isStaff, organizationCacheTag, type Role } from '@insightdesk/shared/tenancy';
import { analyticsSummary } from '../analytics';
import type { HelpdeskRouteDeps } from '../catalog';
import { changeTicket } from '../commands/change-ticket';
import { openTicket } from '../commands/open-ticket';
import { removeTicket } from '../commands/remove-ticket';
import { reply } from '../commands/reply';
import { listMessages } from '../messages';
import {
  bodyInput,
  messageSchema,
  subjectInput,
  TEXT_LIMITS,
  type Ticket,
  ticketPriority,
  ticketSchema,
  ticketStatus,
} from '../schemas';
import { SLA_LIMITS, SLA_TARGETS, slaTarget } from '../schemas/sla';
import { slaCompliance } from '../sla/ticket-slas';
import { getTicket, listTickets } from '../tickets';
import { analyticsCacheKey, ticketParams } from './params';

/** The text of a ticket's first message or of a reply. */
const messageBody = bodyInput();

const etag = (t: Ticket) => `"${t.version}"`;

/** `If-Match: "<version>"` → the version; missing → 428, malformed → 400. */
function expectedVersion(header: string | undefined): number {
  if (header === undefined) {
    throw new AppError(428, 'precondition_required', 'Precondition Required', {
      detail: 'Send If-Match with the ETag of the ticket you are changing.',
    });
  }
  const match = header.trim().match(/^(?:W\/)?"(\d{1,9})"$/);
  if (!match)
    throw new BadRequestError('invalid_if_match', 'If-Match must be an ETag such as "3".');
  return Number(match[1]);
}

/** Fields only staff may set or change; a requester may retitle their own ticket. */
const AGENT_ONLY = ['status', 'priority', 'assigneeId'] as const;

function refuseAgentOnlyFields(
  role: Role,
  input: Partial<Record<(typeof AGENT_ONLY)[number], unknown>>,
) {
  if (isStaff(role)) return;
  const forbidden = AGENT_ONLY.filter((f) => input[f] !== undefined);
  if (forbidden.length > 0) {
    throw new ForbiddenError('agent_only_field', `Only agents can set: ${forbidden.join(', ')}.`);
  }
}

/** `/api/v1/orgs/{orgId}/tickets…` and the analytics summary (behind `authenticate`). */
export function ticketRoutes(deps: HelpdeskRouteDeps) {
  const { sla } = deps.config;
  const app = createRouter();

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/tickets',
      operationId: 'createTicket',
      tags: ['tickets'],
      summary: 'Open a ticket (you are its requester; priority is for agents)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'requester')],
      request: {
        params: orgParams,
        ...jsonBody(
          z.strictObject({
            subject: subjectInput(),
            body: messageBody,
            priority: ticketPriority.optional(),
          }),
        ),
      },
      responses: { 201: json(ticketSchema, 'Created'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const input = c.req.valid('json');
      refuseAgentOnlyFields(scopeOf(c).role, input);
      const ticket = await openTicket(executor(c, deps), scopeOf(c), input, sla);
      return c.json(ticket, 201, { ETag: etag(ticket) });
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/tickets',
      operationId: 'listTickets',
      tags: ['tickets'],
      summary: 'Tickets, newest first (requesters see their own)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'requester')],
      request: {
        params: orgParams,
        query: z.object({
          status: ticketStatus.optional(),
          priority: ticketPriority.optional(),
          assigneeId: uuid().optional(),
          q: z.string().trim().min(1).max(TEXT_LIMITS.search).optional().openapi({
            description:
              "full-text search (PostgreSQL's, English) over the subject and the public messages; a ticket's words stop at 1 MB of distinct words, a message whose words do not fit is not found by them",
          }),
          ...pageQuery,
        }),
      },
      responses: { 200: json(page(ticketSchema), 'A page of tickets'), ...problems(401, 404) },
    }),
    async (c) =>
      c.json(
        await readLagging(c, deps, (db) => listTickets(db, scopeOf(c), c.req.valid('query'))),
        200,
      ),
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/tickets/{ticketId}',
      operationId: 'getTicket',
      tags: ['tickets'],
      summary: 'A ticket, with its ETag',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'requester')],
      request: { params: ticketParams },
      responses: {
        200: json(ticketSchema, 'The ticket'),
        304: { description: 'Unchanged since If-None-Match' },
        ...problems(401, 404),
      },
    }),
    async (c) => {
      const ticket = await getTicket(executor(c, deps), scopeOf(c), c.req.valid('param').ticketId);
      // If-None-Match compares weakly: a compressed answer carried W/"<version>".
      const known = c.req.header('if-none-match')?.replace(/^W\//, '');
      if (known === etag(ticket)) return c.body(null, 304, { ETag: etag(ticket) });
      return c.json(ticket, 200, { ETag: etag(ticket) });
    },
  );

  app.openapi(
    protectedRoute({
      method: 'patch',
      path: '/{orgId}/tickets/{ticketId}',
      operationId: 'updateTicket',
      tags: ['tickets'],
      summary: 'Change a ticket (If-Match required; status, priority and assignee are for agents)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'requester')],
      request: {
        params: ticketParams,
        headers: z.object({ 'if-match': z.string().max(64).optional() }),
        ...jsonBody(
          z
            .strictObject({
              subject: subjectInput().optional(),
              status: ticketStatus.optional(),
              priority: ticketPriority.optional(),
              assigneeId: uuid().nullable().optional(),
            })
            .refine((b) => Object.values(b).some((v) => v !== undefined), {
              message: 'Nothing to change.',
            }),
        ),
      },
      responses: {
        200: json(ticketSchema, 'The changed ticket'),
        ...problems(401, 403, 404, 412, 428),
      },
    }),
    async (c) => {
      const scope = scopeOf(c);
      const changes = c.req.valid('json');
      refuseAgentOnlyFields(scope.role, changes);
      const version = expectedVersion(c.req.header('if-match'));
      const ticketId = c.req.valid('param').ticketId;
      const ticket = await changeTicket(executor(c, deps), scope, ticketId, version, changes, sla);
      return c.json(ticket, 200, { ETag: etag(ticket) });
    },
  );

  app.openapi(
    protectedRoute({
      method: 'delete',
      path: '/{orgId}/tickets/{ticketId}',
      operationId: 'deleteTicket',
      tags: ['tickets'],
      summary: 'Delete a ticket and its messages (admins and above)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin')],
      request: { params: ticketParams },
      responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await removeTicket(executor(c, deps), scopeOf(c), c.req.valid('param').ticketId);
      return c.body(null, 204);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/tickets/{ticketId}/messages',
      operationId: 'createMessage',
      tags: ['messages'],
      summary: 'Reply, or write an internal note (agents)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'requester')],
      request: {
        params: ticketParams,
        ...jsonBody(
          z.strictObject({
            body: messageBody,
            internal: z.boolean().optional(),
          }),
        ),
      },
      responses: { 201: json(messageSchema, 'Created'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const ticketId = c.req.valid('param').ticketId;
      const message = await reply(
        executor(c, deps),
        scopeOf(c),
        ticketId,
        c.req.valid('json'),
        sla,
      );
      return c.json(message, 201);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/tickets/{ticketId}/messages',
      operationId: 'listMessages',
      tags: ['messages'],
      summary: 'Messages, oldest first (requesters never see internal notes)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'requester')],
      request: { params: ticketParams, query: z.object(pageQuery) },
      responses: { 200: json(page(messageSchema), 'A page of messages'), ...problems(401, 404) },
    }),
    async (c) =>
      c.json(
        await listMessages(
          executor(c, deps),
          scopeOf(c),
          c.req.valid('param').ticketId,
          c.req.valid('query'),
        ),
        200,
      ),
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/analytics/summary',
      operationId: 'getAnalyticsSummary',
      tags: ['analytics'],
      summary:
        'Ticket counts, response times and service-level compliance (admins and above; feature `analytics`)',
      security: bearer,
      middleware: [
        orgAccess(deps.memberships, 'admin'),
        requireFeature(deps.features, 'analytics'),
      ],
      request: { params: orgParams },
      responses: {
        200: json(
          z
            .object({
              byStatus: z.record(ticketStatus, int32()),
              createdLast7Days: int32(),
              medianFirstResponseSeconds: int32().nullable(),
              updatedAt: timestamp(),
              sla: z
                .array(
                  z.object({
                    policy: z.string().max(100),
                    target: slaTarget,
                    met: int32(),
                    breached: int32(),
                  }),
                )
                .max(SLA_LIMITS.policies * SLA_TARGETS.length)
                .openapi({
                  description:
                    'per policy and target, clocks met in time and breached, of the tickets opened in the last 30 days',
                }),
            })
            .openapi('AnalyticsSummary'),
          'The summary',
        ),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const scope = scopeOf(c);
      // The rollups behind it are refreshed every minute: half of that is fresh enough.
      const summary = await deps.cache.memoize(
        analyticsCacheKey(scope.orgId),
        () =>
          readLagging(c, deps, async (db) => ({
            ...(await analyticsSummary(db, scope)),
            sla: await slaCompliance(db, scope.orgId),
          })),
        { ttlSeconds: 30, tags: [organizationCacheTag(scope.orgId)] },
      );
      return c.json(summary, 200);
    },
  );

  return app;
}
