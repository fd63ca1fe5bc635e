import { setPasswordHash, type UserRow } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { ForbiddenError } from '@insightdesk/shared/errors';
import type { ApiDeps } from '../deps';

/**
 * A new password, given the current one: every other session ends (`keep`, the one the change
 * comes from, stays), and once committed every instance and socket hears it.
 */
export async function changePassword(
  deps: Pick<ApiDeps, 'passwords' | 'sessionGuard'>,
  db: Executor,
  user: UserRow,
  input: { currentPassword: string; newPassword: string; keep: string | null },
): Promise<void> {
  if (!(await deps.passwords.verify(input.currentPassword, user.passwordHash))) {
    throw new ForbiddenError('wrong_password', 'The current password is wrong.');
  }
  const passwordHash = await deps.passwords.hash(input.newPassword);
  await db.transaction(async (tx) => {
    await setPasswordHash(tx, user.id, passwordHash);
    await deps.sessionGuard.endSessions(tx, user.id, input.keep);
  });
  await deps.sessionGuard.announce({ userId: user.id, keptFamily: input.keep });
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
