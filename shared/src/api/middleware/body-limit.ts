import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BadRequestError, PayloadTooLargeError } from '../../errors';

/** A Content-Length as HTTP writes it. */
const DECIMAL = /^\d{1,15}$/;

/**
 * JSON bodies are limited here as well as in nginx (defence in depth, and direct callers of an
 * instance). Attached to the JSON routes (app.ts), and to paths that match no route.
 *
 * A declared length (what nginx forwards, and what Bun's server holds a body to) is compared
 * without touching the body: hono's `bodyLimit` reads `Request.body` first, which makes Bun
 * build a stream the body is then read through (a reply's CPU 3–5 % higher in process,
 * bench/README.md). A chunked body, or one without a length, is counted as it
 * arrives by hono's; a request without a body (`Request.body` is null: cheap to ask when there is
 * none) passes on at once.
 */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  const counted = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });
  return (c, next) => {
    const headers = c.req.raw.headers;
    const declared = headers.get('content-length');
    // No body at all (a GET): nothing to count, and no `async` layer of hono's to pass.
    if (declared === null || headers.has('transfer-encoding'))
      return c.req.raw.body === null ? next() : counted(c, next);
    // Bun's server refuses such a request itself; an in-process caller meets the same rule.
    if (!DECIMAL.test(declared))
      throw new BadRequestError('invalid_content_length', 'Content-Length must be a number.');
    if (Number(declared) > maxBytes) throw new PayloadTooLargeError(maxBytes);
    return next();
  };
}

/**
 * The largest upload body: the file's limit and what the multipart framing around it (boundaries,
 * part headers) may add.
 */
export const uploadBodyBytes = (fileLimitBytes: number) => fileLimitBytes + 64 * 1024;

/**
 * The HTTP server's own ceiling for any body (main.ts), a backstop for bodies no route reads.
 * Past it Bun answers a bare 413 (no problem+json) itself: before any route runs when the length
 * is declared, and once it has received that much of a chunked body (it receives ahead of what
 * the api has read, by socket buffers: a chunked upload far past the limit may meet this ceiling
 * before the upload's own count). It sits well above the upload's limits so that they, not the
 * server, answer (problem+json naming the limit) any declared length up to it and any shorter
 * body.
 */
export const serverBodyCeiling = (fileLimitBytes: number) => 2 * uploadBodyBytes(fileLimitBytes);

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
