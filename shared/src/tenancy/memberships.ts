import { type Awaitable, andThen } from '../async';
import type { Cache } from '../cache';
import { isUuid } from '../db/uuid';
import { ForbiddenError, NotFoundError } from '../errors';
import { atLeast, type Role } from '../shapes/roles';

declare const scopeBrand: unique symbol;

/**
 * Proof that `userId` is a member of `orgId` with `role`. Only `enterOrg` makes one, and every
 * org-scoped data function takes one: org-scoped data cannot be reached without passing through
 * the membership check, and every query it runs is filtered by `orgId`.
 */
export interface OrgScope {
  readonly orgId: string;
  readonly userId: string;
  readonly role: Role;
  readonly [scopeBrand]: true;
}

export interface Memberships {
  /** At once when this instance holds the role (the near cache), otherwise once read. */
  roleOf(orgId: string, userId: string): Awaitable<Role | null>;
  /** Drops the cached role (call after any membership change, once committed). */
  invalidate(orgId: string, userId: string): Promise<void>;
}

const CACHE_TTL_SECONDS = 60;
const key = (orgId: string, userId: string) => `membership:${orgId}:${userId}`;

/** Reads a role from the table's owner (`memberRole` of members.ts). */
type RoleLookup = (orgId: string, userId: string) => Promise<Role | null>;

/**
 * Membership lookups, cached in Valkey (a miss or an outage reads the database). Only canonical
 * ids are members of anything (shapes/ids.ts): the cache is never keyed by another spelling.
 */
export function createMemberships(lookup: RoleLookup, cache: Cache): Memberships {
  async function read(orgId: string, userId: string): Promise<Role | null> {
    const cached = await cache.get<Role | 'none'>(key(orgId, userId));
    if (cached !== undefined) return cached === 'none' ? null : cached;
    const role = await lookup(orgId, userId);
    await cache.set(key(orgId, userId), role ?? 'none', CACHE_TTL_SECONDS);
    return role;
  }
  return {
    roleOf(orgId, userId) {
      if (!isUuid(orgId) || !isUuid(userId)) return null;
      const held = cache.peek<Role | 'none'>(key(orgId, userId));
      if (held === undefined) return read(orgId, userId);
      return held === 'none' ? null : held;
    },
    invalidate: (orgId, userId) => cache.del(key(orgId, userId)),
  };
}

/**
 * The one entrance to an organization's data. Not a member (or not an org, or an id not in its
 * canonical form): 404, so that another tenant's ids reveal nothing. A member below `minimum`:
 * 403. The scope carries the canonical id every query, cache key and storage path is made of.
 */
export function enterOrg(
  memberships: Memberships,
  userId: string,
  orgId: string,
  minimum: Role,
): Awaitable<OrgScope> {
  return andThen(isUuid(orgId) ? memberships.roleOf(orgId, userId) : null, (role) => {
    if (!role) throw new NotFoundError('org_not_found', 'No such organization.');
    if (!atLeast(role, minimum)) {
      throw new ForbiddenError('insufficient_role', `This needs the ${minimum} role or above.`);
    }
    return { orgId, userId, role } as OrgScope;
  });
}

export { isUuid };

/**
 * The cache tag of everything cached about one organization (the platform's entries and a
 * product's): invalidating it drops them all.
 */
export const organizationCacheTag = (orgId: string) => `org:${orgId}`;
