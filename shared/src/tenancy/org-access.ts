import { type Awaitable, andThen } from '../async';
import type { Cache } from '../cache';
import { isUuid } from '../db/uuid';
import { ForbiddenError, NotFoundError } from '../errors';
import type { SessionReach } from '../shapes/session-reach';
import { ANY_MEMBER, type Role, type RoleLadder, SEES_ORGANIZATION } from './roles';

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
  /** The deployment's roles: what `enterOrg` compares a member's against. */
  readonly roles: RoleLadder;
  /** At once when this instance holds the role (the near cache), otherwise once read. */
  roleOf(orgId: string, userId: string): Awaitable<Role | null>;
  /**
   * Whether the organization lets only sessions started through its provider reach its data
   * ("SSO required"); at once when held, like the role.
   */
  ssoRequired(orgId: string): Awaitable<boolean>;
  /** Drops the cached role (call after any membership change, once committed). */
  invalidate(orgId: string, userId: string): Promise<void>;
  /** Drops the cached "SSO required" of an organization (after its settings changed). */
  forgetSsoRequired(orgId: string): Promise<void>;
}

const CACHE_TTL_SECONDS = 60;
const key = (orgId: string, userId: string) => `membership:${orgId}:${userId}`;
const ssoKey = (orgId: string) => `sso-required:${orgId}`;

/** Reads from the tables' owners (`memberRole` of memberships.ts, `ssoRequiredOf` of oidc-providers.ts). */
export interface MembershipLookups {
  role(orgId: string, userId: string): Promise<Role | null>;
  ssoRequired(orgId: string): Promise<boolean>;
}

/**
 * Membership lookups, cached in Valkey (a miss or an outage reads the database). Only canonical
 * ids are members of anything (shapes/ids.ts): the cache is never keyed by another spelling.
 */
export function createMemberships(
  lookups: MembershipLookups,
  cache: Cache,
  roles: RoleLadder,
  /**
   * Whether an organization's "SSO required" is in force now (the `oauth` flag on for it): an
   * organization whose sign-in feature is off is not locked behind it.
   */
  ssoInForce: (orgId: string) => boolean = () => true,
): Memberships {
  async function read(orgId: string, userId: string): Promise<Role | null> {
    const cached = await cache.get<Role | 'none'>(key(orgId, userId));
    if (cached !== undefined) return cached === 'none' ? null : cached;
    const role = await lookups.role(orgId, userId);
    await cache.set(key(orgId, userId), role ?? 'none', CACHE_TTL_SECONDS);
    return role;
  }
  async function readSsoRequired(orgId: string): Promise<boolean> {
    const cached = await cache.get<boolean>(ssoKey(orgId));
    if (cached !== undefined) return cached;
    const required = await lookups.ssoRequired(orgId);
    await cache.set(ssoKey(orgId), required, CACHE_TTL_SECONDS);
    return required;
  }
  return {
    roles,
    roleOf(orgId, userId) {
      if (!isUuid(orgId) || !isUuid(userId)) return null;
      const held = cache.peek<Role | 'none'>(key(orgId, userId));
      if (held === undefined) return read(orgId, userId);
      return held === 'none' ? null : held;
    },
    ssoRequired(orgId) {
      if (!ssoInForce(orgId)) return false;
      return cache.peek<boolean>(ssoKey(orgId)) ?? readSsoRequired(orgId);
    },
    invalidate: (orgId, userId) => cache.del(key(orgId, userId)),
    forgetSsoRequired: (orgId) => cache.del(ssoKey(orgId)),
  };
}

/**
 * Who enters an organization: a signed-in user, with what their session reaches (a request, a
 * socket), or a job acting for a user whose request entered already (`reach: 'job'`).
 * `ssoRequired: 'exempt'`: the one kind of route an organization's "SSO required" does not gate,
 * its provider's settings (changed with the current password), so that an admin whose provider
 * is down or misconfigured can still fix or remove it.
 */
export type Caller =
  | {
      readonly userId: string;
      readonly reach: SessionReach;
      readonly ssoRequired?: 'exempt';
    }
  | { readonly userId: string; readonly reach: 'job' };

export const stepUpRequired = () =>
  new ForbiddenError(
    'step_up_required',
    "This session was started through another organization's identity provider and reaches that organization only: sign in with your own password to reach this one.",
  );

export const ssoRequiredHere = (orgId: string) =>
  new ForbiddenError(
    'sso_required',
    `This organization requires signing in with its identity provider: GET /api/v1/auth/oidc/${orgId}/start`,
  );

/**
 * The one entrance to an organization's data. A session confined to another organization
 * (started through that organization's provider) is 403 `step_up_required`, whatever the id
 * names: it says nothing about which organizations the account belongs to. Then, not a member
 * (or not an org, or an id not in its canonical form): 404, so that another tenant's ids reveal
 * nothing. A session not started through this organization's provider, where it requires SSO:
 * 403 `sso_required`. A member below `minimum`: 403. The scope carries the canonical id every
 * query, cache key and storage path is made of.
 */
export function enterOrg(
  memberships: Memberships,
  caller: Caller,
  orgId: string,
  minimum: Role = ANY_MEMBER,
): Awaitable<OrgScope> {
  const { userId, reach } = caller;
  if (reach !== 'job' && reach.org !== null && reach.org !== orgId) throw stepUpRequired();
  return andThen(isUuid(orgId) ? memberships.roleOf(orgId, userId) : null, (role) => {
    if (!role) throw new NotFoundError('org_not_found', 'No such organization.');
    const admitted = () => {
      if (!memberships.roles.atLeast(role, minimum)) {
        throw new ForbiddenError(
          'insufficient_role',
          minimum === SEES_ORGANIZATION
            ? 'This needs a role that sees the whole organization.'
            : `This needs the ${minimum} role or above.`,
        );
      }
      return { orgId, userId, role } as OrgScope;
    };
    // A job, or a session started through this organization's provider: SSO is satisfied.
    if (caller.reach === 'job' || caller.reach.org !== null) return admitted();
    if (caller.ssoRequired === 'exempt') return admitted();
    return andThen(memberships.ssoRequired(orgId), (required) => {
      if (required) throw ssoRequiredHere(orgId);
      return admitted();
    });
  });
}

export { isUuid };

/**
 * The cache tag of everything cached about one organization (the platform's entries and a
 * product's): invalidating it drops them all.
 */
export const organizationCacheTag = (orgId: string) => `org:${orgId}`;
