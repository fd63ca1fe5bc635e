import { type RoleDeclaration, roleLadder } from '@insightdesk/shared/tenancy';

/**
 * The help desk's roles, below the platform's owner and admin: agents work every ticket of the
 * organization, internal notes included; requesters see the tickets they requested.
 */
export const helpdeskRoles = [
  { name: 'agent', sees: 'organization', about: 'works every ticket, internal notes included' },
  { name: 'requester', sees: 'own', about: 'opens tickets and follows their own' },
] as const satisfies readonly RoleDeclaration[];

/** The deployment's ladder with the help desk's roles: owner > admin > agent > requester. */
export const helpdeskLadder = roleLadder(helpdeskRoles);

/** Agents and above: they reach every ticket of the organization and its internal notes. */
export const isStaff = (role: string): boolean => helpdeskLadder.atLeast(role, 'agent');

/** The roles `isStaff` admits, for SQL that selects staff. */
export const STAFF_ROLES: readonly string[] = helpdeskLadder.atLeastOf('agent');
