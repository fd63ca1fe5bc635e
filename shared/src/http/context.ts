import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../logger';

/** Variables every service's Hono context carries. */
export interface BaseEnv {
  Variables: {
    requestId: string;
    log: Logger;
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes `X-Request-Id` from the request when it is well-formed (nginx always sets one), else
 * generates it; echoes it on the response and gives the request a child logger carrying it.
 * Writes one access-log line per request.
 */
export function requestContext(logger: Logger): MiddlewareHandler<BaseEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    const log = logger.child({ requestId });
    c.set('requestId', requestId);
    c.set('log', log);
    const t0 = performance.now();
    try {
      await next();
    } finally {
      c.header('X-Request-Id', requestId);
      const status = c.res.status;
      const line = {
        method: c.req.method,
        path: c.req.path,
        status,
        ms: Math.round((performance.now() - t0) * 10) / 10,
      };
      if (status >= 500) log.error(line, 'request');
      else if (!c.req.path.startsWith('/health') && c.req.path !== '/metrics')
        log.info(line, 'request');
      else log.debug(line, 'request');
    }
  };
}

export function requestIdOf(c: Context): string | undefined {
  return c.get('requestId') as string | undefined;
}
