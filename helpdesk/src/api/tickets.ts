import { z } from '@hono/zod-openapi';
import {
  bearer,
  createRouter,
  executor,
  json,
  jsonBody,
  orgParams,
  page,
  pageQuery,
  problems,
  protectedRoute,
  readLagging,
  requireFeature,
  scopeOf,
} from '@insightdesk/shared/api';
import { AppError, BadRequestError } from '@insightdesk/shared/errors';
import { int32, timestamp, uuid } from '@insightdesk/shared/shapes';
import { organizationCacheTag } from '@insightdesk/shared/tenancy';
import { requireAccess } from '../access';
import { analyticsSummary } from '../analytics';
import type { HelpdeskRouteDeps } from '../catalog';
import { changeTicket } from '../commands/change-ticket';
import { openTicket } from '../commands/open-ticket';
import { removeTicket } from '../commands/remove-ticket';
import { reply } from '../commands/reply';
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
import { listTickets } from '../tickets/list';
import { listMessages } from '../tickets/messages';
import { getTicket } from '../tickets/ticket';
import { member } from './member';
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

/**
 * `/api/v1/orgs/{orgId}/tickets…` and the analytics summary (behind `authenticate`): each handler
 * asks the policy once (`requireAccess`), and hands its grant to the command or read.
 */
export function ticketRoutes(deps: HelpdeskRouteDeps) {
  const { sla } = deps.config;
  const app = createRouter();
  const members = [member(deps)];

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/tickets',
      operationId: 'createTicket',
      tags: ['tickets'],
      summary: 'Open a ticket (you are its requester; priority is for agents)',
      security: bearer,
      middleware: members,
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
      requireAccess({ auth: scopeOf(c), permission: 'ticket.create', input });
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
      middleware: members,
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
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'ticket.list' });
      return c.json(
        await readLagging(c, deps, (db) => listTickets(db, access, c.req.valid('query'))),
        200,
      );
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/tickets/{ticketId}',
      operationId: 'getTicket',
      tags: ['tickets'],
      summary: 'A ticket, with its ETag',
      security: bearer,
      middleware: members,
      request: { params: ticketParams },
      responses: {
        200: json(ticketSchema, 'The ticket'),
        304: { description: 'Unchanged since If-None-Match' },
        ...problems(401, 404),
      },
    }),
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'ticket.read' });
      const ticket = await getTicket(executor(c, deps), access, c.req.valid('param').ticketId);
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
      middleware: members,
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
      const changes = c.req.valid('json');
      const access = requireAccess({
        auth: scopeOf(c),
        permission: 'ticket.update',
        input: changes,
      });
      const version = expectedVersion(c.req.header('if-match'));
      const ticketId = c.req.valid('param').ticketId;
      const ticket = await changeTicket(executor(c, deps), access, ticketId, version, changes, sla);
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
      middleware: members,
      request: { params: ticketParams },
      responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'ticket.delete' });
      await removeTicket(executor(c, deps), access, c.req.valid('param').ticketId);
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
      middleware: members,
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
      const input = c.req.valid('json');
      const access = requireAccess({ auth: scopeOf(c), permission: 'message.create', input });
      const ticketId = c.req.valid('param').ticketId;
      const message = await reply(executor(c, deps), access, ticketId, input, sla);
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
      middleware: members,
      request: { params: ticketParams, query: z.object(pageQuery) },
      responses: { 200: json(page(messageSchema), 'A page of messages'), ...problems(401, 404) },
    }),
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'message.list' });
      const { ticketId } = c.req.valid('param');
      return c.json(
        await listMessages(executor(c, deps), access, ticketId, c.req.valid('query')),
        200,
      );
    },
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
      middleware: [member(deps), requireFeature(deps.features, 'analytics')],
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
      const scope = requireAccess({ auth: scopeOf(c), permission: 'analytics.read' });
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
