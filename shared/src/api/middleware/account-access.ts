import type { MiddlewareHandler } from 'hono';
import type { SessionReach } from '../../shapes/session-reach';
import { stepUpRequired } from '../../tenancy';
import type { ApiEnv } from '../env';

/**
 * 403 `step_up_required` for a session that does not reach the account itself: one started
 * through an organization's provider, for an account that organization does not manage
 * (shapes/session-reach.ts). The account holder signs in with their own password for these.
 */
export function requireAccountReach(reach: SessionReach): void {
  if (!reach.account) throw stepUpRequired();
}

/** Declared on the routes that act on the account: its password, factors, sessions, trail. */
export const accountAccess = (): MiddlewareHandler<ApiEnv> => (c, next) => {
  requireAccountReach(c.get('claims').reach);
  return next();
};
