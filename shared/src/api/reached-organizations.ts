import type { Context } from 'hono';
import { ssoRequiredOrgsOf } from '../tenancy';
import { executor, type RouteDeps } from './context';
import type { ApiEnv } from './env';

/**
 * Which of the account's organizations a request's session reaches, for what a route lists
 * across them (a product's notifications, say): one only (a session started through that
 * organization's provider), or every one but those requiring SSO it was not started through
 * (tenancy/org-access.ts `enterOrg` decides the same for a single organization).
 */
export type ReachedOrganizations =
  | { readonly only: string }
  | { readonly except: readonly string[] };

export async function reachedOrganizations(
  c: Context<ApiEnv>,
  deps: Pick<RouteDeps, 'database' | 'memberships'>,
): Promise<ReachedOrganizations> {
  const { org } = c.get('claims').reach;
  if (org !== null) return { only: org };
  const gated = await ssoRequiredOrgsOf(executor(c, deps), c.get('userId'));
  const inForce = await Promise.all(gated.map((id) => deps.memberships.ssoRequired(id)));
  return { except: gated.filter((_, i) => inForce[i]) };
}
