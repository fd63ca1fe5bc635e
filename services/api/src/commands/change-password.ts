import { setPasswordHash } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
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
  input: { newPassword: string; keep: string | null },
): Promise<void> {
  const passwordHash = await deps.passwords.hash(input.newPassword);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, userId, passwordHash);
    await deps.sessionGuard.endSessions(tx, userId, input.keep);
  });
  await deps.sessionGuard.announce({ userId, keptFamily: input.keep });
}

/** Log out everywhere: every session of the account ends, the caller's included. */
export async function endAllSessions(
  deps: Pick<ApiDeps, 'sessionGuard'>,
  db: Executor,
  userId: string,
): Promise<void> {
  await db.transaction((tx) => deps.sessionGuard.endSessions(tx, userId, null));
  await deps.sessionGuard.announce({ userId, keptFamily: null });
}
