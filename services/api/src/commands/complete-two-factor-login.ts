import { findUserById, twoFactor } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { UnauthorizedError } from '@insightdesk/shared/errors';
import type { ApiDeps } from '../deps';

/**
 * The second step of a 2FA login: the challenge's user, a code of the authenticator or a
 * recovery code (each accepted once), then a session — one transaction.
 */
export async function completeTwoFactorLogin(
  deps: Pick<ApiDeps, 'cipher' | 'sessions'>,
  db: Executor,
  userId: string,
  proof: { code?: string; recoveryCode?: string },
) {
  const result = await db.transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user || !(await twoFactor.verify(tx, deps.cipher, userId, proof))) return null;
    return { user, tokens: await deps.sessions.start(tx, userId) };
  });
  if (!result) {
    throw new UnauthorizedError('invalid_code', 'The code is wrong, expired or already used.');
  }
  return result;
}
