import { createRouter } from '@insightdesk/shared/api';
import { ForbiddenError, NotFoundError } from '@insightdesk/shared/errors';
import { attachmentDisposition } from '@insightdesk/shared/storage';
import type { ApiDeps } from '../deps';

/** `/api/v1/files/<key>?expires=&sig=`: the local driver's signed URLs (no access token). */
export function fileRoutes(deps: ApiDeps) {
  const app = createRouter();
  app.get('/*', async (c) => {
    const local = deps.localFiles;
    if (!local) throw new NotFoundError();
    const key = c.req.path.replace(/^.*\/files\//, '');
    const verdict = local.verify(key, c.req.query('expires'), c.req.query('sig'));
    if (verdict === 'expired')
      throw new ForbiddenError('url_expired', 'This link has expired; ask the API for a new one.');
    if (verdict !== 'ok') throw new ForbiddenError('invalid_signature', 'This link is not valid.');
    const file = Bun.file(local.pathOf(key));
    if (!(await file.exists())) throw new NotFoundError();
    const meta = await deps.fileMeta(deps.database.db, key);
    if (!meta) throw new NotFoundError();
    const inline = meta.contentType.startsWith('image/');
    return c.body(file.stream(), 200, {
      'Content-Type': meta.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': inline
        ? `inline; filename*=UTF-8''${encodeURIComponent(meta.filename)}`
        : attachmentDisposition(meta.filename),
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=60',
    });
  });
  return app;
}
