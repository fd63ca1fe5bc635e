import { z } from '@hono/zod-openapi';
import {
  bearer,
  budgeted,
  createRouter,
  executor,
  idempotent,
  idParam,
  json,
  page,
  pageQuery,
  problems,
  protectedRoute,
  type RouteDeps,
  receiveUpload,
  requestHash,
  scopeOf,
  signedIn,
  uploadBodyLimit,
} from '@insightdesk/shared/api';
import { int64, uuid } from '@insightdesk/shared/shapes';
import { scratchDir } from '@insightdesk/shared/storage';
import { requireAccess } from '../access';
import { type AttachmentRow, getAttachment, listAttachments, thumbnailName } from '../attachments';
import { attachFile } from '../commands/attach-file';
import { ATTACHMENT_STATUSES } from '../schemas';
import { getTicket } from '../tickets/ticket';
import { member } from './member';
import { ticketParams } from './params';

const attachmentSchema = z
  .object({
    id: uuid(),
    filename: z.string().max(255),
    contentType: z.string().max(255),
    size: int64(),
    status: z.enum(ATTACHMENT_STATUSES),
    failureReason: z
      .string()
      .max(500)
      .optional()
      .openapi({ description: 'why processing gave up (when failed)' }),
    url: z
      .url()
      .max(4096)
      .optional()
      .openapi({ description: 'expiring signed URL of the file (when ready)' }),
    thumbnailUrl: z
      .url()
      .max(4096)
      .optional()
      .openapi({ description: 'expiring signed URL of the thumbnail (images)' }),
  })
  .openapi('Attachment');

/** An attachment as the API answers it: signed URLs of the file and thumbnail once ready. */
function attachmentAnswer(deps: RouteDeps) {
  const ttl = deps.files.urlTtlSeconds;
  return (a: AttachmentRow) => ({
    id: a.id,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    status: a.status,
    ...(a.status === 'failed' && a.failureReason ? { failureReason: a.failureReason } : {}),
    ...(a.status === 'ready'
      ? {
          url: deps.storage.signedUrl(a.storageKey, {
            ttlSeconds: ttl,
            contentType: a.contentType,
            filename: a.filename,
          }),
          ...(a.thumbnailKey
            ? {
                thumbnailUrl: deps.storage.signedUrl(a.thumbnailKey, {
                  ttlSeconds: ttl,
                  contentType: 'image/webp',
                  filename: thumbnailName(a.filename),
                }),
              }
            : {}),
        }
      : {}),
  });
}

/**
 * `POST /api/v1/orgs/{orgId}/tickets/{ticketId}/attachments`: the one route whose body is
 * streamed (multipart), on a router of its own. Its middleware is its own, attached to the route:
 * `signedIn` (the token and the user's budget, as on every signed-in route), the membership, then
 * the upload's size limit (from its headers); the handler asks the policy and finds the ticket
 * (404) before reading a single byte, and honours Idempotency-Key once the file's hash is known.
 * None of the JSON routes' middleware (body limit, idempotency on the raw body) runs for it: see
 * app.ts.
 */
export function attachmentUploadRoutes(deps: RouteDeps) {
  const app = createRouter();
  const answer = attachmentAnswer(deps);

  // Documented here, validated by the upload reader (a zod body validator would buffer the
  // whole file).
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/{orgId}/tickets/{ticketId}/attachments',
    operationId: 'createAttachment',
    tags: ['attachments'],
    summary: 'Attach a file (multipart field `file`; type sniffed from the bytes; 25 MiB)',
    security: bearer,
    request: {
      params: ticketParams,
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              file: z.string().openapi({
                type: 'string',
                format: 'binary',
                maxLength: deps.files.uploadLimitBytes,
              }),
            }),
          },
        },
      },
    },
    responses: budgeted({
      201: json(attachmentSchema, 'Stored; processing (thumbnail) follows'),
      ...problems(401, 403, 404, 409, 413, 415, 422),
    }),
  });
  app.post(
    '/:orgId/tickets/:ticketId/attachments',
    signedIn(deps),
    member(deps),
    uploadBodyLimit(deps.files.uploadLimitBytes),
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'attachment.create' });
      const ticketId = c.req.param('ticketId');
      await getTicket(executor(c, deps), access, ticketId);
      const file = await receiveUpload(c.req.raw, {
        tmpDir: scratchDir(deps.files.dir),
        limitBytes: deps.files.uploadLimitBytes,
      });
      // Idempotency-Key is honoured while the row is written, once the file's hash is known (and
      // without holding a database connection while the client sends it). The multipart
      // boundary differs between retries, so the file's name, type and bytes identify the request.
      return attachFile(deps, access, ticketId, file, async (create) => {
        const response = await idempotent(
          c,
          deps.database,
          () => requestHash(c, `${file.filename}\n${file.sha256}`, file.contentType),
          async () => c.json(answer(await create(executor(c, deps))), 201),
        );
        const kept = response.status === 201 && !response.headers.has('idempotent-replayed');
        return { answer: response, kept };
      });
    },
  );
  return app;
}

/**
 * `GET /api/v1/orgs/{orgId}/tickets/{ticketId}/attachments` and `…/attachments/{id}` (behind
 * `authenticate`).
 */
export function attachmentRoutes(deps: RouteDeps) {
  const app = createRouter();
  const answer = attachmentAnswer(deps);

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/tickets/{ticketId}/attachments',
      operationId: 'listAttachments',
      tags: ['attachments'],
      summary: "The ticket's attachments, oldest first, with expiring signed URLs once ready",
      security: bearer,
      middleware: [member(deps)],
      request: { params: ticketParams, query: z.object(pageQuery) },
      responses: {
        200: json(page(attachmentSchema), 'A page of them'),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'attachment.list' });
      const { ticketId } = c.req.valid('param');
      const found = await listAttachments(
        executor(c, deps),
        access,
        ticketId,
        c.req.valid('query'),
      );
      return c.json({ items: found.items.map(answer), nextCursor: found.nextCursor }, 200);
    },
  );

  app.openapi(
    protectedRoute({
      method: 'get',
      path: '/{orgId}/tickets/{ticketId}/attachments/{id}',
      operationId: 'getAttachment',
      tags: ['attachments'],
      summary: 'An attachment, with expiring signed URLs once ready',
      security: bearer,
      middleware: [member(deps)],
      request: { params: z.object({ orgId: idParam, ticketId: idParam, id: idParam }) },
      responses: { 200: json(attachmentSchema, 'The attachment'), ...problems(401, 404) },
    }),
    async (c) => {
      const access = requireAccess({ auth: scopeOf(c), permission: 'attachment.read' });
      const { ticketId, id } = c.req.valid('param');
      return c.json(answer(await getAttachment(executor(c, deps), access, ticketId, id)), 200);
    },
  );

  return app;
}
