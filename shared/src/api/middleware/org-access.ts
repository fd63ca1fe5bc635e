import type { MiddlewareHandler } from 'hono';
import { andThen } from '../../async';
import { enterOrg, type Memberships, type Role } from '../../tenancy';
import type { ApiEnv } from '../env';

/**
 * Declared on each org-scoped route with the least role it needs: establishes the membership
 * proof (`scope`) the data layer requires, for what the caller's session reaches
 * (tenancy/org-access.ts `enterOrg`). Another organization's id answers 404.
 * `ssoRequired: 'exempt'` only on the organization's provider settings (see `Caller`).
 */
export function orgAccess(
  memberships: Memberships,
  minimum: Role,
  options: { ssoRequired?: 'exempt' } = {},
): MiddlewareHandler<ApiEnv> {
  // Not `async`: the role is most often held in this process (memberships.ts).
  return (c, next) =>
    andThen(
      enterOrg(
        memberships,
        { userId: c.get('userId'), reach: c.get('claims').reach, ...options },
        c.req.param('orgId') ?? '',
        minimum,
      ),
      (scope) => {
        c.set('scope', scope);
        return next();
      },
    );
}
