import { z } from '@hono/zod-openapi';
import {
  bearer,
  createRouter,
  executor,
  idParam,
  json,
  orgParams,
  page,
  pageQuery,
  problems,
  protectedRoute,
  scopeOf,
} from '@insightdesk/shared/api';
import { NotFoundError } from '@insightdesk/shared/errors';
import { int32, timestamp, uuid } from '@insightdesk/shared/shapes';
import { requireAccess } from '../access';
import type { HelpdeskRouteDeps } from '../catalog';
import { discardHeldMail, releaseHeldMail } from '../commands/held-mail';
import { listInboundEmails } from '../inbound/inbound-emails';
import { inboundSettingsOf, type OrgInbound, putInboundSettings } from '../inbound/settings';
import { INBOUND_AUTH_POLICIES, INBOUND_STATUSES } from '../schemas';
import { member } from './member';

const slug = z
  .string()
  .max(63)
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, ".", "_", "-"; up to 63')
  .refine((s) => !s.startsWith('reply+'), 'reserved')
  .openapi({ example: 'acme-support' });

const inboundSchema = z
  .object({
    address: z.email().max(320).openapi({ description: 'mail to it opens a ticket' }),
    slug,
    authPolicy: z.enum(INBOUND_AUTH_POLICIES).openapi({
      description: 'mail failing SPF/DKIM/DMARC: accepted, flagged (noted with it), or refused',
    }),
  })
  .openapi('InboundSettings');

const inboundMailSchema = z
  .object({
    id: uuid(),
    from: z.string().max(320),
    to: z.string().max(320),
    size: int32(),
    status: z.enum(INBOUND_STATUSES),
    outcome: z.string().max(500).nullable(),
    authentication: z.record(z.string(), z.unknown()).nullable(),
    ticketId: uuid().nullable(),
    messageId: uuid().nullable(),
    receivedAt: timestamp(),
  })
  .openapi('InboundMail');

/**
 * `/api/v1/orgs/{orgId}/inbound…` (admins and above: access.ts): the address, its policy, the
 * mail log.
 */
export function inboundRoutes(deps: HelpdeskRouteDeps) {
  const { inbound: config } = deps.config;
  const app = createRouter();
  const answer = (s: OrgInbound) => ({
    address: `${s.slug}@${config.domain}`,
    slug: s.slug,
    authPolicy: s.authPolicy,
  });

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/inbound',
      operationId: 'getInboundSettings',
      tags: ['inbound'],
      summary: "The organization's inbound address and its authentication policy",
      security: bearer,
      middleware: [member(deps)],
      request: { params: orgParams },
      responses: { 200: json(inboundSchema, 'Its settings'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const scope = requireAccess({ auth: scopeOf(c), permission: 'inbound.read' });
      const found = await inboundSettingsOf(executor(c, deps), scope.orgId);
      if (!found) throw new NotFoundError('inbound_not_set', 'No inbound address yet.');
      return c.json(answer(found), 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'put',
      path: '/{orgId}/inbound',
      operationId: 'putInboundSettings',
      tags: ['inbound'],
      summary: 'Set the inbound address (<slug>@INBOUND_DOMAIN) and the authentication policy',
      security: bearer,
      middleware: [member(deps)],
      request: {
        params: orgParams,
        body: {
          content: {
            'application/json': {
              schema: z.object({ slug, authPolicy: z.enum(INBOUND_AUTH_POLICIES).default('flag') }),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(inboundSchema, 'Set'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const scope = requireAccess({ auth: scopeOf(c), permission: 'inbound.update' });
      const body = c.req.valid('json');
      const set = await putInboundSettings(executor(c, deps), { orgId: scope.orgId, ...body });
      return c.json(answer(set), 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/inbound/mails',
      operationId: 'listInboundMails',
      tags: ['inbound'],
      summary:
        'The mails received, newest first, a page at a time, and what became of each (held, dropped…)',
      security: bearer,
      middleware: [member(deps)],
      request: {
        params: orgParams,
        query: z.object({
          ...pageQuery,
          status: z
            .enum(INBOUND_STATUSES)
            .optional()
            .openapi({ description: 'only the mails of this status (held: waiting for an admin)' }),
        }),
      },
      responses: {
        200: json(page(inboundMailSchema), 'A page of the mails'),
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const { orgId } = requireAccess({ auth: scopeOf(c), permission: 'inbound.read' });
      const { status, limit, cursor } = c.req.valid('query');
      const found = await listInboundEmails(executor(c, deps), orgId, { limit, cursor }, status);
      return c.json(
        {
          nextCursor: found.nextCursor,
          items: found.items.map((r) => ({
            id: r.id,
            from: r.mail_from,
            to: r.rcpt_to,
            size: r.size,
            status: r.status,
            outcome: r.outcome,
            authentication: r.authentication,
            ticketId: r.ticket_id,
            messageId: r.message_id,
            receivedAt: r.received_at,
          })),
        },
        200,
      );
    },
  );
  const mailParams = z.object({ orgId: idParam, mailId: idParam });
  const settle = (action: 'release' | 'discard', summary: string, run: typeof discardHeldMail) =>
    app.openapi(
      protectedRoute({
        method: 'post',
        path: `/{orgId}/inbound/mails/{mailId}/${action}`,
        operationId: action === 'release' ? 'releaseInboundMail' : 'discardInboundMail',
        tags: ['inbound'],
        summary,
        security: bearer,
        middleware: [member(deps)],
        request: { params: mailParams },
        responses: {
          204: { description: 'Done' },
          ...problems(401, 403, 404, ...(action === 'release' ? ([409] as const) : [])),
        },
      }),
      async (c) => {
        const scope = requireAccess({ auth: scopeOf(c), permission: 'inbound.settle' });
        await run(executor(c, deps), scope, c.req.valid('param').mailId);
        return c.body(null, 204);
      },
    );
  settle(
    'release',
    "Release a held mail: the sender's message on its ticket (404 when it is not held)",
    (db, scope, id) => releaseHeldMail(db, scope, id, deps.config.sla),
  );
  settle('discard', 'Discard a held mail (404 when it is not held)', discardHeldMail);
  return app;
}
