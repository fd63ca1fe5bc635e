import { PayloadTooLargeError } from '@insightdesk/shared/errors';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Multipart bodies are streamed by the routes that take them (uploads, under their own larger
 * limit, hashed for Idempotency-Key once read): the JSON limit and the idempotency middleware
 * leave them alone. Any other route refuses them, unread (its validator wants JSON).
 */
export const isStreamedBody = (c: Context) =>
  (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

/**
 * JSON bodies are limited here as well as in nginx (defence in depth, and direct callers of an
 * instance).
 */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });
  return (c, next) => (isStreamedBody(c) ? next() : limit(c, next));
}
