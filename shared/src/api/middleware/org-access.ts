import type { MiddlewareHandler } from 'hono';
import { andThen } from '../../async';
import { enterOrg, type Memberships, type Role } from '../../tenancy';
import type { ApiEnv } from '../env';

/**
 * Declared on each org-scoped route with the least role it needs: establishes the membership
 * proof (`scope`) the data layer requires. Another organization's id answers 404.
 */
export function orgAccess(memberships: Memberships, minimum: Role): MiddlewareHandler<ApiEnv> {
  // Not `async`: the role is most often held in this process (memberships.ts).
  return (c, next) =>
    andThen(
      enterOrg(memberships, c.get('userId'), c.req.param('orgId') ?? '', minimum),
      (scope) => {
        c.set('scope', scope);
        return next();
      },
    );
}
