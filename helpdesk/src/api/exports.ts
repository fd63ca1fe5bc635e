import { z } from '@hono/zod-openapi';
import {
  auditedBy,
  bearer,
  createRouter,
  executor,
  idParam,
  json,
  orgParams,
  problems,
  protectedRoute,
  type RouteDeps,
  scopeOf,
} from '@insightdesk/shared/api';
import { recordAudit } from '@insightdesk/shared/audit';
import { int64, timestamp, uuid } from '@insightdesk/shared/shapes';
import { requireAccess } from '../access';
import { startExport } from '../commands/start-export';
import { type ExportRow, exportFilename, getExport } from '../exports';
import { EXPORT_STATUSES } from '../schemas';
import { member } from './member';

const exportSchema = z
  .object({
    id: uuid(),
    status: z.enum(EXPORT_STATUSES),
    createdAt: timestamp(),
    finishedAt: timestamp().nullable(),
    lines: int64().nullable().openapi({ description: 'tickets exported (when ready)' }),
    bytes: int64().nullable(),
    sha256: z.string().max(64).nullable().openapi({ description: 'of the uncompressed content' }),
    url: z
      .url()
      .max(4096)
      .optional()
      .openapi({ description: 'expiring signed link of the file (ready)' }),
  })
  .openapi('Export');

/** `/api/v1/orgs/{orgId}/exports…` (behind `authenticate`; admins and above: access.ts). */
export function exportRoutes(deps: RouteDeps) {
  const app = createRouter();
  const answer = (e: ExportRow) => ({
    id: e.id,
    status: e.status,
    createdAt: e.createdAt,
    finishedAt: e.finishedAt,
    lines: e.lines,
    bytes: e.bytes,
    sha256: e.sha256,
    ...(e.status === 'ready' && e.fileKey
      ? {
          url: deps.storage.signedUrl(e.fileKey, {
            ttlSeconds: deps.files.urlTtlSeconds,
            contentType: 'application/gzip',
            filename: exportFilename(e.createdAt),
          }),
        }
      : {}),
  });

  app.openapi(
    protectedRoute({
      method: 'post',
      path: '/{orgId}/exports',
      operationId: 'createExport',
      tags: ['exports'],
      summary:
        'Export the organization (tickets with their messages, JSON Lines, gzip); one at a time; the link is mailed',
      security: bearer,
      middleware: [member(deps)],
      request: { params: orgParams },
      responses: { 202: json(exportSchema, 'Started'), ...problems(401, 403, 404, 409) },
    }),
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'export.create' });
      const started = await startExport(executor(c, deps), access, auditedBy(c, deps));
      return c.json(answer(started), 202);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/exports/{exportId}',
      operationId: 'getExport',
      tags: ['exports'],
      summary: 'An export: its state, and its link once ready',
      security: bearer,
      middleware: [member(deps)],
      request: { params: z.object({ orgId: idParam, exportId: idParam }) },
      responses: { 200: json(exportSchema, 'The export'), ...problems(401, 403, 404) },
    }),
    async (c) => {
      const scope = requireAccess({ auth: scopeOf(c), permission: 'export.read' });
      const found = await getExport(executor(c, deps), scope, c.req.valid('param').exportId);
      const answered = answer(found);
      // Handing out the link is the download the platform can see (the file itself is fetched
      // by a signed URL, from the storage, with no account behind it).
      if ('url' in answered)
        await recordAudit(executor(c, deps), {
          organizationId: scope.orgId,
          ...auditedBy(c, deps),
          action: 'export.downloaded',
          target: { type: 'export', id: found.id },
          change: { link: 'issued', sha256: found.sha256 },
        });
      return c.json(answered, 200);
    },
  );
  return app;
}
