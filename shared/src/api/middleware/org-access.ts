import type { MiddlewareHandler } from 'hono';
import { enterOrg, type Memberships, type Role } from '../../tenancy';
import type { ApiEnv } from '../env';

/**
 * Declared on each org-scoped route with the least role it needs: establishes the membership
 * proof (`scope`) the data layer requires. Another organization's id answers 404.
 */
export function orgAccess(memberships: Memberships, minimum: Role): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set(
      'scope',
      await enterOrg(memberships, c.get('userId'), c.req.param('orgId') ?? '', minimum),
    );
    await next();
  };
}
