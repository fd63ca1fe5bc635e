import type { Executor } from '@insightdesk/shared/db';
import { ForbiddenError } from '@insightdesk/shared/errors';
import { ssoRequiredOrgsOf } from '@insightdesk/shared/tenancy';
import type { ApiDeps } from './deps';
import { isPlatformOperator } from './middleware/platform-operators';

/**
 * "SSO required": a member of an organization that requires its provider does not sign in with
 * a password (403 `sso_required`, after the password was checked, so that the answer says
 * nothing to who does not know it). Platform operators (PLATFORM_ADMINS) keep their password:
 * the way in when a provider is down or misconfigured (docs/sso.md).
 */
export async function refuseWhereSsoRequired(
  deps: Pick<ApiDeps, 'features' | 'platformAdmins'>,
  db: Executor,
  user: { readonly id: string; readonly email: string },
): Promise<void> {
  if (!deps.features.isEnabled('oauth') || isPlatformOperator(deps.platformAdmins, user)) return;
  const [orgId] = await ssoRequiredOrgsOf(db, user.id);
  if (orgId) {
    throw new ForbiddenError(
      'sso_required',
      `Your organization requires signing in with its identity provider: GET /api/v1/auth/oidc/${orgId}/start`,
    );
  }
}
