import type { Cache } from '@insightdesk/shared/cache';
import { type Memberships, organizationCacheTag } from '@insightdesk/shared/tenancy';

/**
 * What the api keeps in the read-through cache about organizations, and the tags that
 * invalidate it: one place, so that the reader and every writer name the same keys. (A product
 * names its own keys under an organization's tag.)
 */
export const orgCacheKeys = {
  /** Everything cached about one organization. */
  tag: organizationCacheTag,
  /** The member lists of one organization (every first page): dropped on any membership change. */
  membersTag: (orgId: string) => `org:${orgId}:members`,
  organization: (orgId: string) => `org:${orgId}`,
  /** The first page of the member list, of `limit` members (later pages are not cached). */
  members: (orgId: string, limit: number) => `org:${orgId}:members:${limit}:`,
};

/**
 * After a membership changed (committed): every instance forgets the member's cached role and
 * the organization's cached member lists.
 */
export async function membershipChanged(
  deps: { readonly memberships: Memberships; readonly cache: Cache },
  orgId: string,
  userId: string,
): Promise<void> {
  await deps.memberships.invalidate(orgId, userId);
  await deps.cache.invalidateTags(orgCacheKeys.membersTag(orgId));
}
