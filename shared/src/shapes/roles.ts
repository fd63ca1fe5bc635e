/**
 * The roles of a member in an organization (tenancy), highest first: owner > admin > agent >
 * requester (also the database enum's order).
 */
export const ROLES = ['owner', 'admin', 'agent', 'requester'] as const;
export type Role = (typeof ROLES)[number];

const rank = (role: Role) => ROLES.length - ROLES.indexOf(role);

export const atLeast = (role: Role, minimum: Role): boolean => rank(role) >= rank(minimum);

/** Agents and above see every ticket and internal notes; requesters see only their own. */
export const isStaff = (role: Role): boolean => atLeast(role, 'agent');

/** The roles `isStaff` admits, for SQL that selects staff. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter(isStaff);
