import { PayloadTooLargeError } from '@insightdesk/shared/errors';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * JSON bodies are limited here as well as in nginx (defence in depth, and direct callers of an
 * instance). Uploads declare their own, larger limit on their route.
 */
export function jsonBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(maxBytes);
    },
  });
}
