import { z } from '@hono/zod-openapi';
import type { ApiEnv } from '@insightdesk/shared/api';
import { executor } from '@insightdesk/shared/api';
import { findUserById, type UserRow } from '@insightdesk/shared/auth';
import { ForbiddenError, UnauthorizedError } from '@insightdesk/shared/errors';
import { TEXT_LIMITS } from '@insightdesk/shared/shapes';
import type { Context } from 'hono';
import type { ApiDeps } from './deps';

/**
 * Re-authentication. An access token proves a session, not its owner: one stolen from a log, a
 * proxy or a shared machine lasts 15 minutes, long enough to lock the owner out for good if it
 * could turn a second factor on or change the password. So what can lock an account takes proof
 * in the same request: the current password (`currentPassword`, the contract's field name
 * wherever a request needs it), or a current second factor. The hooks, for routes to come
 * (email change, SSO and webhook settings): add `currentPassword` to the body and call
 * `requireCurrentPassword` first thing; `credentialCheckKey` budgets a second factor the same way.
 */

/** The body field carrying the current password. */
export const currentPassword = z
  .string()
  .min(1)
  .max(TEXT_LIMITS.password.max)
  .openapi({ description: 'your current password: this change needs it (re-authentication)' });

/**
 * Re-authentication attempts are budgeted per signed-in session (its refresh family): a thief's
 * session that guesses spends its own budget, never the owner's sessions'.
 */
export const credentialCheckKey = (c: Context<ApiEnv>) =>
  `${c.get('userId')}:${c.get('claims').family ?? 'no-session'}`;

/**
 * Checks `password` against the signed-in user's, on the session's budget (429 when spent):
 * 403 `wrong_password` when it is not theirs. Answers the user's row.
 */
export async function requireCurrentPassword(
  c: Context<ApiEnv>,
  deps: Pick<ApiDeps, 'database' | 'limits' | 'passwords'>,
  password: string,
): Promise<UserRow> {
  await deps.limits.consume(c, deps.limits.credentialChecks, credentialCheckKey(c));
  const user = await findUserById(executor(c, deps), c.get('userId'));
  if (!user) throw new UnauthorizedError('invalid_token', 'The account no longer exists.');
  if (!(await deps.passwords.verify(password, user.passwordHash))) {
    throw new ForbiddenError('wrong_password', 'The current password is wrong.');
  }
  return user;
}
