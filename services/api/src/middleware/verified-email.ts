import type { ApiEnv } from '@insightdesk/shared/api';
import { executor } from '@insightdesk/shared/api';
import { findUserById } from '@insightdesk/shared/auth';
import { ForbiddenError } from '@insightdesk/shared/errors';
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps } from '../deps';

/**
 * Declared on routes an unverified account may not use (anyone can register any address):
 * mailing strangers, creating organizations, and locking the account with a second factor —
 * a squatter's TOTP would outlive the takeover by the mailbox's owner. 403 `email_unverified`.
 */
export function requireVerifiedEmail(deps: Pick<ApiDeps, 'database'>): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const user = await findUserById(executor(c, deps), c.get('userId'));
    if (!user?.emailVerifiedAt) {
      throw new ForbiddenError(
        'email_unverified',
        'Confirm your email address first (the link we mailed you; POST /api/v1/me/verify-email sends it again).',
      );
    }
    await next();
  };
}
