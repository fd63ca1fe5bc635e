import type { AccessTokens } from '@insightdesk/shared/auth';
import { UnauthorizedError } from '@insightdesk/shared/errors';
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from '../env';

const BEARER = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/;

/** Requires a valid access token; sets `userId`. Anything else is a 401 problem. */
export function authenticate(tokens: AccessTokens): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = c.req.header('authorization')?.match(BEARER)?.[1];
    if (!token) throw new UnauthorizedError('missing_token', 'A Bearer access token is required.');
    const claims = await tokens.verify(token);
    c.set('userId', claims.userId);
    await next();
  };
}
