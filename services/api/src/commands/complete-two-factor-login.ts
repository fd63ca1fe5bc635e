import { type AuditRequest, recordAudit } from '@insightdesk/shared/audit';
import { findUserById, twoFactor } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { UnauthorizedError } from '@insightdesk/shared/errors';
import type { SessionReach } from '@insightdesk/shared/shapes';
import { ownAccountAct, userTarget } from '../audited';
import type { ApiDeps } from '../deps';

/**
 * The second step of a 2FA login: the challenge's user, a code of the authenticator or a
 * recovery code (each accepted once), then a session reaching what the first factor allowed —
 * one transaction, with its audit entry (a refused code is recorded as a failed login).
 */
export async function completeTwoFactorLogin(
  deps: Pick<ApiDeps, 'cipher' | 'sessions'>,
  db: Executor,
  userId: string,
  proof: { code?: string; recoveryCode?: string },
  request: AuditRequest,
  reach: SessionReach,
) {
  const factor = proof.code === undefined ? 'recovery code' : 'code';
  const result = await db.transaction(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) return null;
    const target = userTarget(userId);
    if (!(await twoFactor.verify(tx, deps.cipher, userId, proof))) {
      await recordAudit(tx, {
        organizationId: null,
        actor: { type: 'anonymous' },
        request,
        action: 'auth.login-failed',
        target,
        change: { reason: 'wrong second factor', factor },
      });
      return null;
    }
    const tokens = await deps.sessions.start(tx, userId, reach);
    await recordAudit(tx, ownAccountAct(userId, 'auth.login', request, { secondFactor: factor }));
    return { user, tokens };
  });
  if (!result) {
    throw new UnauthorizedError('invalid_code', 'The code is wrong, expired or already used.');
  }
  return result;
}
