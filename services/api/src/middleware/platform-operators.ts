import type { ApiEnv } from '@insightdesk/shared/api';
import { bearerToken } from '@insightdesk/shared/api';
import { findUserById } from '@insightdesk/shared/auth';
import { ForbiddenError, UnauthorizedError } from '@insightdesk/shared/errors';
import { stepUpRequired } from '@insightdesk/shared/tenancy';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ApiDeps } from '../deps';

/** The dashboard's browser session: `POST /api/admin/session` exchanges a Bearer token for it. */
export const OPERATOR_COOKIE = 'insightdesk_admin';

/** Whether the user is listed in PLATFORM_ADMINS (by id, or outside production by email). */
export const isPlatformOperator = (
  admins: readonly string[],
  user: { readonly id: string; readonly email: string },
) => admins.includes(user.id) || admins.includes(user.email.toLowerCase());

/**
 * Platform operators only: the users whose ids (or, outside production, emails) are in
 * PLATFORM_ADMINS, with a session of their own sign-in (403 `step_up_required` otherwise). Queues and flags span every organization, so no organization role, not even
 * owner, is enough. The token comes as a Bearer header, or — for the browser — as the cookie.
 */
export function platformOperators(
  deps: Pick<ApiDeps, 'accessTokens' | 'sessionGuard' | 'database' | 'platformAdmins'>,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization')) ?? getCookie(c, OPERATOR_COOKIE);
    if (!token) throw new UnauthorizedError('missing_token', 'Sign in as a platform operator.');
    const claims = await deps.accessTokens.verify(token);
    await deps.sessionGuard.check(claims);
    // An operator operates with a session of their own sign-in, never one an organization's
    // provider started (that organization's word reaches that organization only).
    if (claims.reach.org !== null) throw stepUpRequired();
    const user = await findUserById(deps.database.db, claims.userId);
    if (!user || !isPlatformOperator(deps.platformAdmins, user)) {
      throw new ForbiddenError('platform_admins_only', 'This is for platform operators.');
    }
    c.set('userId', user.id);
    c.set('claims', claims);
    await next();
  };
}
