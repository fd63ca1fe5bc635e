import { orgAccess, type RouteDeps } from '@insightdesk/shared/api';

/**
 * Every route of the help desk under an organization proves the caller's membership first: the
 * platform's `orgAccess` for the least role, any member (another organization's id answers 404).
 * What the member may do there is the policy's (access.ts), asked once by the route's handler.
 */
export const member = (deps: Pick<RouteDeps, 'memberships'>) =>
  orgAccess(deps.memberships, 'requester');
