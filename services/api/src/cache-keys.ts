/**
 * What the api keeps in the read-through cache, and the tags that invalidate it: one place, so
 * that the reader and every writer name the same keys.
 */
export const orgCacheKeys = {
  /** Everything cached about one organization. */
  tag: (orgId: string) => `org:${orgId}`,
  /** The member lists of one organization (every page): dropped on any membership change. */
  membersTag: (orgId: string) => `org:${orgId}:members`,
  organization: (orgId: string) => `org:${orgId}`,
  members: (orgId: string, limit: number, cursor?: string) =>
    `org:${orgId}:members:${limit}:${cursor ?? ''}`,
  analytics: (orgId: string) => `org:${orgId}:analytics`,
};
