import type { Cache } from '../cache';
import type { Executor } from '../db';
import { memberRole } from './memberships';
import { ssoRequiredOf } from './oidc-providers';
import { createMemberships, type Memberships } from './org-access';
import type { RoleLadder } from './roles';

/**
 * Membership lookups read from the tables' owners, cached (what every service composes);
 * `ssoInForce`: whether an organization's sign-in feature is on (its "SSO required" applies).
 */
export const databaseMemberships = (
  db: Executor,
  cache: Cache,
  roles: RoleLadder,
  ssoInForce: (orgId: string) => boolean,
): Memberships =>
  createMemberships(
    {
      role: (orgId, userId) => memberRole(db, orgId, userId),
      ssoRequired: (orgId) => ssoRequiredOf(db, orgId),
    },
    cache,
    roles,
    ssoInForce,
  );
