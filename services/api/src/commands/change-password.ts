import { recordAudit } from '@insightdesk/shared/audit';
import { setPasswordHash } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { type AuditedBy, userTarget } from '../audited';
import type { ApiDeps } from '../deps';

/**
 * A new password (the route has re-authenticated the caller: `requireCurrentPassword`): every
 * other session ends (`keep`, the one the change comes from, stays), and once committed every
 * instance and socket hears it.
 */
export async function changePassword(
  deps: Pick<ApiDeps, 'passwords' | 'sessionGuard'>,
  db: Executor,
  userId: string,
  input: { newPassword: string; keep: string | null; audit: AuditedBy },
): Promise<void> {
  const passwordHash = await deps.passwords.hash(input.newPassword);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, userId, passwordHash);
    await deps.sessionGuard.endSessions(tx, userId, input.keep);
    await recordAudit(tx, {
      organizationId: null,
      ...input.audit,
      action: 'auth.password-changed',
      target: userTarget(userId),
      change: { otherSessionsEnded: true },
    });
  });
  await deps.sessionGuard.announce({ userId, keptFamily: input.keep });
}

/** Log out everywhere: every session of the account ends, the caller's included. */
export async function endAllSessions(
  deps: Pick<ApiDeps, 'sessionGuard'>,
  db: Executor,
  userId: string,
  audit: AuditedBy,
): Promise<void> {
  await db.transaction(async (tx) => {
    await deps.sessionGuard.endSessions(tx, userId, null);
    await recordAudit(tx, {
      organizationId: null,
      ...audit,
      action: 'auth.sessions-ended',
      target: userTarget(userId),
    });
  });
  await deps.sessionGuard.announce({ userId, keptFamily: null });
}
