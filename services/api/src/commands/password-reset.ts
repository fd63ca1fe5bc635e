import { type AuditRequest, recordAudit } from '@insightdesk/shared/audit';
import {
  claimAccountToken,
  endLinksNotMadeByHolder,
  findUserByEmail,
  takeOverByMailbox,
} from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { ownAccountAct } from '../audited';
import type { ApiDeps } from '../deps';
import { mailAccountLink } from './account-links';
import { invalidLink } from './verify-email';

/**
 * A reset link for the account of `email`, if there is one and it has budget left (a few links
 * an hour). The caller answers before this runs: known and unknown emails look the same.
 */
export async function requestPasswordReset(
  deps: Pick<ApiDeps, 'limits' | 'invitations'>,
  db: Executor,
  email: string,
): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user) return;
  if (!(await deps.limits.spend(deps.limits.accountEmails, user.id))) return;
  await db.transaction((tx) =>
    mailAccountLink(tx, user.id, 'password_reset', deps.invitations.secret),
  );
}

/**
 * A new password with the mailed link (once): the link reached the mailbox, so the address is
 * proven too (`takeOverByMailbox`), and the mailbox owner wins — every session of the account
 * ends, and every identity-provider link its holder did not make (a provider's word alone, or
 * an account a provider created) — then, once committed, every instance and socket hears it.
 */
export async function confirmPasswordReset(
  deps: Pick<ApiDeps, 'passwords' | 'sessionGuard' | 'invitations'>,
  db: Executor,
  input: { token: string; password: string },
  request: AuditRequest,
): Promise<void> {
  const passwordHash = await deps.passwords.hash(input.password);
  const userId = await db.transaction(async (tx) => {
    const found = await claimAccountToken(
      tx,
      'password_reset',
      input.token,
      deps.invitations.secret,
    );
    if (!found) return null;
    await takeOverByMailbox(tx, found.userId, passwordHash);
    await deps.sessionGuard.endSessions(tx, found.userId, null);
    const identityLinksEnded = await endLinksNotMadeByHolder(tx, found.userId);
    await recordAudit(
      tx,
      ownAccountAct(found.userId, 'auth.password-reset', request, {
        sessionsEnded: true,
        identityLinksEnded,
      }),
    );
    return found.userId;
  });
  if (!userId) throw invalidLink();
  await deps.sessionGuard.announce({ userId, keptFamily: null });
}
