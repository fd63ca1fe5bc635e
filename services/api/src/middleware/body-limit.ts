import { PayloadTooLargeError } from '@insightdesk/shared/errors';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * JSON bodies are limited here as well as in nginx (defence in depth, and direct callers of an
 * instance). Attached to the JSON routes (app.ts), and to paths that match no route.
 */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });
}

/**
 * The largest upload body: the file's limit and what the multipart framing around it (boundaries,
 * part headers) may add. Also the HTTP server's own ceiling for any body (main.ts).
 */
export const uploadBodyBytes = (fileLimitBytes: number) => fileLimitBytes + 64 * 1024;

/**
 * An upload declaring a longer body is refused before a byte is read. Not hono's `bodyLimit`:
 * without a declared length it would queue the whole body in memory; the upload reader counts the
 * file's bytes as they stream instead.
 */
export function uploadBodyLimit(fileLimitBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const length = Number(c.req.header('content-length'));
    if (Number.isFinite(length) && length > uploadBodyBytes(fileLimitBytes))
      throw new PayloadTooLargeError(fileLimitBytes);
    await next();
  };
}
