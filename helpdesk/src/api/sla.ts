import { z } from '@hono/zod-openapi';
import {
  type ApiEnv,
  bearer,
  createRouter,
  executor,
  idParam,
  json,
  jsonBody,
  orgParams,
  problems,
  protectedRoute,
  type RouteDeps,
  scopeOf,
} from '@insightdesk/shared/api';
import { NotFoundError, ValidationError } from '@insightdesk/shared/errors';
import { registrationProblem } from '@insightdesk/shared/net';
import { int32, nameInput, timestamp, uuid } from '@insightdesk/shared/shapes';
import type { Context } from 'hono';
import { requireAccess } from '../access';
import {
  changeCalendar,
  changePolicies,
  type PolicyChange,
  refreshCalendarFeed,
  resetCalendar,
} from '../commands/change-sla';
import { TICKET_PRIORITIES, TICKET_STATUSES, ticketPriority, ticketStatus } from '../schemas';
import { calendarInput, calendarSchema, SLA_LIMITS } from '../schemas/sla';
import { isTimeZone } from '../sla/business-time';
import { calendarAnswer } from '../sla/calendars';
import { getPolicy, listPolicies, type PolicyRow } from '../sla/policies';
import { member } from './member';

const minutes = () => int32(1).max(SLA_LIMITS.minutes);

const policyInput = z.strictObject({
  name: nameInput(),
  priorities: z
    .array(ticketPriority)
    .max(TICKET_PRIORITIES.length)
    .default([])
    .openapi({ description: 'tickets of these priorities (empty: the default policy only)' }),
  pausedStatuses: z
    .array(ticketStatus.refine((s) => s !== 'open', 'open cannot pause the clocks'))
    .max(3)
    .default(['pending'])
    .openapi({
      description: 'statuses whose time does not count (solved and closed stop the clocks anyway)',
    }),
  targets: z
    .strictObject({
      firstResponse: minutes().nullable(),
      nextResponse: minutes().nullable(),
      resolution: minutes().nullable(),
    })
    .openapi({ description: 'business minutes per target; null: no such target' }),
  warningMinutes: minutes()
    .nullable()
    .default(null)
    .openapi({ description: 'sla.warning this many minutes before a due time; null: none' }),
  isDefault: z.boolean().default(false),
  position: int32()
    .max(1000)
    .optional()
    .openapi({ description: 'policies are tried in this order (default: after the others)' }),
});

const policySchema = z
  .object({
    id: uuid(),
    name: z.string().max(100),
    priorities: z.array(ticketPriority).max(TICKET_PRIORITIES.length),
    pausedStatuses: z.array(ticketStatus).max(TICKET_STATUSES.length),
    targets: z.object({
      firstResponse: int32(1).nullable(),
      nextResponse: int32(1).nullable(),
      resolution: int32(1).nullable(),
    }),
    warningMinutes: int32(1).nullable(),
    isDefault: z.boolean(),
    position: int32(),
    createdAt: timestamp(),
    updatedAt: timestamp(),
  })
  .openapi('SlaPolicy');

const policyParams = z.object({ orgId: idParam, policyId: idParam });

const answer = (p: PolicyRow) => ({
  id: p.id,
  name: p.name,
  priorities: [...p.priorities],
  pausedStatuses: [...p.pausedStatuses],
  targets: { ...p.targets },
  warningMinutes: p.warningMinutes,
  isDefault: p.isDefault,
  position: p.position,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/**
 * `/api/v1/orgs/{orgId}/sla/…` (admins and above: access.ts): the organization's business calendar and its
 * service-level policies. A change reaches the unresolved tickets through the worker (their
 * timers computed again in batches after `sla.settings-changed`).
 */
export function slaRoutes(deps: RouteDeps) {
  const app = createRouter();
  const members = [member(deps)];
  /** The grant to read the settings, or to change them (admins and above: access.ts). */
  const reader = (c: Context<ApiEnv>) =>
    requireAccess({ auth: scopeOf(c), permission: 'sla.read' });
  const updater = (c: Context<ApiEnv>) =>
    requireAccess({ auth: scopeOf(c), permission: 'sla.update' });

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/sla/calendar',
      operationId: 'getSlaCalendar',
      tags: ['sla'],
      summary: 'The business calendar (around the clock in UTC until one is set)',
      security: bearer,
      middleware: members,
      request: { params: orgParams },
      responses: { 200: json(calendarSchema, 'The calendar'), ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await calendarAnswer(executor(c, deps), reader(c).orgId), 200),
  );

  app.openapi(
    protectedRoute({
      method: 'put',
      path: '/{orgId}/sla/calendar',
      operationId: 'putSlaCalendar',
      tags: ['sla'],
      summary: 'Set the business calendar: time zone, weekly hours, holidays',
      security: bearer,
      middleware: members,
      request: { params: orgParams, ...jsonBody(calendarInput(isTimeZone)) },
      responses: { 200: json(calendarSchema, 'The calendar'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const scope = updater(c);
      const input = c.req.valid('json');
      // A feed that could never be fetched (loopback, private, a port) is refused at once; a
      // name is vetted when the worker fetches it.
      const problem = input.icsUrl && registrationProblem(input.icsUrl, deps.urlGuard);
      if (problem) throw new ValidationError([{ path: 'icsUrl', message: problem }]);
      await changeCalendar(executor(c, deps), scope, input);
      return c.json(await calendarAnswer(executor(c, deps), scope.orgId), 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/sla/calendar/import',
      operationId: 'importSlaCalendarFeed',
      tags: ['sla'],
      summary: "Import the calendar's iCalendar feed again now (it is imported daily anyway)",
      description:
        "The worker fetches the feed through the SSRF guard and stores its days off; the outcome shows in the calendar's `icsImport`.",
      security: bearer,
      middleware: members,
      request: { params: orgParams },
      responses: {
        202: { description: 'The import is on its way' },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      if (!(await refreshCalendarFeed(executor(c, deps), updater(c))))
        throw new NotFoundError('not_found', 'The calendar has no iCalendar feed.');
      return c.body(null, 202);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'delete',
      path: '/{orgId}/sla/calendar',
      operationId: 'deleteSlaCalendar',
      tags: ['sla'],
      summary: 'Back to around the clock in UTC',
      security: bearer,
      middleware: members,
      request: { params: orgParams },
      responses: { 204: { description: 'Reset' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      await resetCalendar(executor(c, deps), updater(c));
      return c.body(null, 204);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/sla/policies',
      operationId: 'listSlaPolicies',
      tags: ['sla'],
      summary: 'The service-level policies, in the order they are tried',
      security: bearer,
      middleware: members,
      request: { params: orgParams },
      responses: {
        200: json(
          z.object({ items: z.array(policySchema).max(SLA_LIMITS.policies) }),
          'The policies',
        ),
        ...problems(401, 403, 404),
      },
    }),
    async (c) =>
      c.json({ items: (await listPolicies(executor(c, deps), reader(c).orgId)).map(answer) }, 200),
  );

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/sla/policies',
      operationId: 'createSlaPolicy',
      tags: ['sla'],
      summary: 'Add a service-level policy',
      security: bearer,
      middleware: members,
      request: { params: orgParams, ...jsonBody(policyInput) },
      responses: { 201: json(policySchema, 'Created'), ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const scope = updater(c);
      const change: PolicyChange = { kind: 'create', input: c.req.valid('json') };
      const policy = await changePolicies(executor(c, deps), scope, change);
      return c.json(answer(policy as PolicyRow), 201);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/sla/policies/{policyId}',
      operationId: 'getSlaPolicy',
      tags: ['sla'],
      summary: 'A service-level policy',
      security: bearer,
      middleware: members,
      request: { params: policyParams },
      responses: { 200: json(policySchema, 'The policy'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const { orgId } = reader(c);
      const { policyId } = c.req.valid('param');
      return c.json(answer(await getPolicy(executor(c, deps), orgId, policyId)), 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'put',
      path: '/{orgId}/sla/policies/{policyId}',
      operationId: 'replaceSlaPolicy',
      tags: ['sla'],
      summary: 'Replace a service-level policy',
      security: bearer,
      middleware: members,
      request: { params: policyParams, ...jsonBody(policyInput) },
      responses: { 200: json(policySchema, 'The policy'), ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const scope = updater(c);
      const change: PolicyChange = {
        kind: 'replace',
        id: c.req.valid('param').policyId,
        input: c.req.valid('json'),
      };
      const policy = await changePolicies(executor(c, deps), scope, change);
      return c.json(answer(policy as PolicyRow), 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'delete',
      path: '/{orgId}/sla/policies/{policyId}',
      operationId: 'deleteSlaPolicy',
      tags: ['sla'],
      summary: 'Delete a service-level policy',
      security: bearer,
      middleware: members,
      request: { params: policyParams },
      responses: { 204: { description: 'Deleted' }, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const scope = updater(c);
      const change: PolicyChange = { kind: 'delete', id: c.req.valid('param').policyId };
      await changePolicies(executor(c, deps), scope, change);
      return c.body(null, 204);
    },
  );

  return app;
}
