import type { MiddlewareHandler } from 'hono';
import { NotFoundError } from '../../errors';
import type { Features } from '../../features';
import type { ApiEnv } from '../env';

export const featureDisabled = () =>
  new NotFoundError('feature_disabled', 'This feature is not enabled.');

/** Declared on a route: 404 `feature_disabled` while `flag` is off (for the route's organization). */
export function requireFeature<F extends string>(
  features: Features<F>,
  flag: NoInfer<F>,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (!features.isEnabled(flag, c.req.param('orgId'))) throw featureDisabled();
    await next();
  };
}
