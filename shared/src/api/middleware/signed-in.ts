import type { MiddlewareHandler } from 'hono';
import type { RouteDeps } from '../context';
import type { ApiEnv } from '../env';
import { authenticate } from './authenticate';
import { perUserLimit } from './rate-limit';

/**
 * What every route of a signed-in user passes first: the access token (401), then the user's
 * budget (429). The JSON routes get it from their `protectedRouter` (app.ts), the upload on its
 * route.
 */
export function signedIn(
  deps: Pick<RouteDeps, 'accessTokens' | 'sessionGuard' | 'limits'>,
): [MiddlewareHandler<ApiEnv>, MiddlewareHandler<ApiEnv>] {
  return [authenticate(deps.accessTokens, deps.sessionGuard), perUserLimit(deps.limits)];
}
