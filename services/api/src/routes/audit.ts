import { z } from '@hono/zod-openapi';
import {
  accountAccess,
  bearer,
  budgetedRoute,
  createRouter,
  executor,
  json,
  orgAccess,
  orgParams,
  page,
  pageQuery,
  problems,
  protectedRoute,
  route,
  scopeOf,
} from '@insightdesk/shared/api';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  auditEntrySchema,
  CHAIN_LINK_PATTERN,
  type ChainVerification,
  listAccountAuditLog,
  listAuditLog,
  listChainForOperators,
  parseChainLink,
  verifyChain,
} from '@insightdesk/shared/audit';
import { int64, timestamp, uuid } from '@insightdesk/shared/shapes';
import type { ApiDeps } from '../deps';
import { platformOperators } from '../middleware/platform-operators';

const link = z.object({ seq: int64(), hash: z.string().length(64) });
export const verificationSchema = z
  .object({
    valid: z.boolean(),
    checked: int64().openapi({ description: 'rows checked, from the anchor to the head' }),
    anchor: link.nullable().openapi({
      description: 'the last row dropped by retention: the chain starts after it',
    }),
    head: link.nullable().openapi({
      description:
        'the last row checked: keep it elsewhere, and give it as `head` to a later verify',
    }),
    firstBrokenSeq: int64().optional().openapi({ description: 'the first broken link' }),
    firstBrokenId: uuid().optional(),
    reason: z.enum(['row altered', 'link broken', 'row missing', 'tail cut']).optional(),
    tailCut: z.boolean().optional().openapi({
      description:
        'with `head`: rows after the saved head were removed or written again (the chain alone cannot show it)',
    }),
    savedHead: link
      .extend({
        status: z.enum(['matches', 'differs', 'missing', 'before anchor']).openapi({
          description:
            "the saved head's row: there with the same hash, with another, gone past the chain's last row, or dropped by retention before the anchor (not a cut)",
        }),
      })
      .optional()
      .openapi({ description: 'with `head`: the head given, and what became of it' }),
  })
  .openapi('AuditVerification');

/** A verification's query: the head an operator kept from an earlier one, to notice a cut tail. */
const savedHeadQuery = {
  head: z
    .string()
    .max(80)
    .regex(CHAIN_LINK_PATTERN)
    .optional()
    .openapi({
      description:
        "a head kept from an earlier verification, `<seq>:<hash>`: the answer is not valid (`tailCut`) when that row is gone past the chain's last one or has another hash",
      example: `42:${'0f'.repeat(32)}`,
    }),
};

/** The saved head of a verification's query (its pattern checked by the route). */
const savedHead = (head: string | undefined) =>
  head === undefined ? undefined : parseChainLink(head);

/** The filters of every audit-log listing (an account's has no `actorId`). */
export const auditFilters = {
  ...pageQuery,
  action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional(),
  actorId: uuid().optional(),
  since: timestamp().optional().openapi({ description: 'entries at or after this time' }),
  until: timestamp().optional().openapi({ description: 'entries at or before this time' }),
};
const listQuery = z.object(auditFilters);

/** A listing's query as the log's filter (the times as dates). */
export const auditFilter = <Q extends { since?: string | undefined; until?: string | undefined }>(
  query: Q,
) => ({
  ...query,
  since: query.since ? new Date(query.since) : undefined,
  until: query.until ? new Date(query.until) : undefined,
});

/** A verification as the API answers it: the first broken link's fields at the top. */
export function verificationAnswer(result: ChainVerification) {
  const { firstBroken, ...rest } = result;
  return firstBroken
    ? {
        ...rest,
        firstBrokenSeq: firstBroken.seq,
        firstBrokenId: firstBroken.id,
        reason: firstBroken.reason,
      }
    : rest;
}

/** `/api/v1/orgs/{orgId}/audit-log`: the organization's audit log and its verification (admins). */
export function auditRoutes(deps: ApiDeps) {
  const app = createRouter();

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/audit-log',
      operationId: 'listAuditLog',
      tags: ['audit'],
      summary: 'The audit log: security and administrative acts, newest first (admins and above)',
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin')],
      request: { params: orgParams, query: listQuery },
      responses: {
        200: json(page(auditEntrySchema), 'Entries, newest first'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const query = c.req.valid('query');
      const entries = await listAuditLog(executor(c, deps), scopeOf(c), auditFilter(query));
      return c.json(entries, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/audit-log/verify',
      operationId: 'verifyAuditLog',
      tags: ['audit'],
      summary:
        "Verify the organization's hash chain: every hash computed again, the first broken link named (admins and above)",
      security: bearer,
      middleware: [orgAccess(deps.memberships, 'admin')],
      request: { params: orgParams, query: z.object(savedHeadQuery) },
      responses: {
        200: json(verificationSchema, 'The verification'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const { head } = c.req.valid('query');
      const result = await verifyChain(executor(c, deps), scopeOf(c).orgId, savedHead(head));
      return c.json(verificationAnswer(result), 200);
    },
  );

  return app;
}

const { actorId: _, ...accountFilters } = auditFilters;
const accountQuery = z.object(accountFilters);

/**
 * `/api/v1/me/audit-log`: the signed-in account's own entries of the deployment's chain — its
 * logins and failed logins, second factor, password, sessions — newest first. Nobody else's.
 */
export function accountAuditRoutes(deps: ApiDeps) {
  const app = createRouter();
  app.openapi(
    budgetedRoute({
      method: 'get',
      path: '/audit-log',
      operationId: 'listMyAuditLog',
      tags: ['account'],
      summary:
        "Your account's audit log: logins and failed logins, two-factor, password and sessions, newest first",
      security: bearer,
      // The account's own trail: not for a session that does not reach the account.
      middleware: [accountAccess()],
      request: { query: accountQuery },
      responses: {
        200: json(page(auditEntrySchema), 'Entries, newest first'),
        ...problems(401, 403),
      },
    }),
    async (c) => {
      const filter = auditFilter(c.req.valid('query'));
      const entries = await listAccountAuditLog(executor(c, deps), c.get('userId'), filter);
      return c.json(entries, 200);
    },
  );
  return app;
}

const chainQuery = {
  orgId: uuid()
    .optional()
    .openapi({ description: "an organization's chain; left out: the deployment's" }),
};

/**
 * `/api/v1/admin/audit-log` (platform operators): the deployment's chain (account-level acts and
 * operators' own) or any organization's, read and verified.
 */
export function operatorAuditRoutes(deps: ApiDeps) {
  const app = createRouter();
  app.use('/audit-log', platformOperators(deps));
  app.use('/audit-log/*', platformOperators(deps));

  app.openapi(
    route({
      method: 'get',
      path: '/audit-log',
      operationId: 'listPlatformAuditLog',
      tags: ['admin'],
      summary:
        "The deployment's audit log (or an organization's, orgId), newest first (platform operators)",
      security: bearer,
      request: { query: z.object({ ...auditFilters, ...chainQuery }) },
      responses: {
        200: json(page(auditEntrySchema), 'Entries, newest first'),
        ...problems(401, 403),
      },
    }),
    async (c) => {
      const { orgId, ...query } = c.req.valid('query');
      const entries = await listChainForOperators(
        executor(c, deps),
        orgId ?? null,
        auditFilter(query),
      );
      return c.json(entries, 200);
    },
  );

  app.openapi(
    route({
      method: 'get',
      path: '/audit-log/verify',
      operationId: 'verifyPlatformAuditLog',
      tags: ['admin'],
      summary:
        "Verify the deployment's hash chain (or an organization's, orgId): the first broken link named (platform operators)",
      security: bearer,
      request: { query: z.object({ ...chainQuery, ...savedHeadQuery }) },
      responses: {
        200: json(verificationSchema, 'The verification'),
        ...problems(401, 403),
      },
    }),
    async (c) => {
      const { orgId, head } = c.req.valid('query');
      const result = await verifyChain(executor(c, deps), orgId ?? null, savedHead(head));
      return c.json(verificationAnswer(result), 200);
    },
  );
  return app;
}
