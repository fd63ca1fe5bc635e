import { createAccountToken } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { recordPlatformEvent } from '@insightdesk/shared/platform';

/**
 * In the caller's transaction: a single-use link for the account, and the event from which the
 * worker mails it (the link is rebuilt from the token's id: nothing secret is stored).
 */
export async function mailAccountLink(
  tx: Executor,
  userId: string,
  purpose: 'verify_email' | 'password_reset',
  secret: string,
): Promise<void> {
  const tokenId = await createAccountToken(tx, userId, purpose, secret);
  await recordPlatformEvent(
    tx,
    null,
    purpose === 'verify_email'
      ? 'account.verification-requested'
      : 'account.password-reset-requested',
    { tokenId },
  );
}
