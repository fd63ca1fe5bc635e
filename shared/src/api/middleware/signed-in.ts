import type { MiddlewareHandler } from 'hono';
import { andThen } from '../../async';
import type { RouteDeps } from '../context';
import type { ApiEnv } from '../env';
import { authenticate } from './authenticate';
import { spendUserBudget } from './rate-limit';

/**
 * What every route of a signed-in user passes first: the access token (401), then the user's
 * budget (429), as one layer of the request's chain rather than two. The JSON routes get it from
 * their `protectedRouter` (app.ts), the upload on its route. Not `async`: most requests pass both
 * checks at once, and go on without a promise of this layer's own.
 */
export function signedIn(
  deps: Pick<RouteDeps, 'accessTokens' | 'sessionGuard' | 'limits'>,
): MiddlewareHandler<ApiEnv> {
  return (c, next) =>
    andThen(authenticate(c, deps.accessTokens, deps.sessionGuard), () =>
      andThen(spendUserBudget(c, deps.limits), next),
    );
}
