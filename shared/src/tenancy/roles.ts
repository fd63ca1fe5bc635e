/** Ascending power: owner > admin > agent > requester. */
export const ROLES = ['requester', 'agent', 'admin', 'owner'] as const;
export type Role = (typeof ROLES)[number];

const rank = (role: Role) => ROLES.indexOf(role);

export const atLeast = (role: Role, minimum: Role): boolean => rank(role) >= rank(minimum);

/** Agents and above see every ticket and internal notes; requesters see only their own. */
export const isStaff = (role: Role): boolean => atLeast(role, 'agent');
