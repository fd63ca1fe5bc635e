import { z } from '@hono/zod-openapi';
import {
  bearer,
  createRouter,
  executor,
  json,
  orgAccess,
  orgParams,
  page,
  pageQuery,
  problems,
  protectedRoute,
  scopeOf,
} from '@insightdesk/shared/api';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  auditEntrySchema,
  listAuditLog,
  verifyChain,
} from '@insightdesk/shared/audit';
import { int64, timestamp, uuid } from '@insightdesk/shared/shapes';
import type { ApiDeps } from '../deps';

const link = z.object({ seq: int64(), hash: z.string().length(64) });
const verificationSchema = z
  .object({
    valid: z.boolean(),
    checked: int64().openapi({ description: 'rows checked, from the anchor to the head' }),
    anchor: link.nullable().openapi({
      description: 'the last row dropped by retention: the chain starts after it',
    }),
    head: link.nullable().openapi({ description: 'the last row checked' }),
    firstBrokenSeq: int64().optional().openapi({ description: 'the first broken link' }),
    firstBrokenId: uuid().optional(),
    reason: z.enum(['row altered', 'link broken', 'row missing']).optional(),
  })
  .openapi('AuditVerification');

const listQuery = z.object({
  ...pageQuery,
  action: z.enum(AUDIT_ACTIONS as [AuditAction, ...AuditAction[]]).optional(),
  actorId: uuid().optional(),
  since: timestamp().optional().openapi({ description: 'entries at or after this time' }),
  until: timestamp().optional().openapi({ description: 'entries at or before this time' }),
});

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
      const entries = await listAuditLog(executor(c, deps), scopeOf(c), {
        ...query,
        since: query.since ? new Date(query.since) : undefined,
        until: query.until ? new Date(query.until) : undefined,
      });
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
      request: { params: orgParams },
      responses: {
        200: json(verificationSchema, 'The verification'),
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const result = await verifyChain(executor(c, deps), scopeOf(c).orgId);
      const { firstBroken, ...rest } = result;
      return c.json(
        firstBroken
          ? {
              ...rest,
              firstBrokenSeq: firstBroken.seq,
              firstBrokenId: firstBroken.id,
              reason: firstBroken.reason,
            }
          : rest,
        200,
      );
    },
  );

  return app;
}
