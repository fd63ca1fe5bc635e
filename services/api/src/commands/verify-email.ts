import { claimAccountToken, markEmailVerified, type UserRow } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { BadRequestError, ConflictError } from '@insightdesk/shared/errors';
import type { ApiDeps } from '../deps';
import { mailAccountLink } from './account-links';

export const invalidLink = () =>
  new BadRequestError('invalid_link', 'This link is not valid, was used, or has expired.');

/** The mailed link proves the address: claimed once, the account is verified. */
export async function verifyEmail(
  deps: Pick<ApiDeps, 'invitations'>,
  db: Executor,
  token: string,
): Promise<void> {
  const claimed = await db.transaction(async (tx) => {
    const found = await claimAccountToken(tx, 'verify_email', token, deps.invitations.secret);
    if (found) await markEmailVerified(tx, found.userId);
    return found;
  });
  if (!claimed) throw invalidLink();
}

/**
 * The verification link again, a few times an hour: `spendBudget` (the route's, which answers
 * 429 when it is spent) is charged only for an account that still needs it.
 */
export async function resendVerification(
  deps: Pick<ApiDeps, 'invitations'>,
  db: Executor,
  user: UserRow,
  spendBudget: () => Promise<unknown>,
): Promise<void> {
  if (user.emailVerifiedAt) throw new ConflictError('already_verified', 'Already verified.');
  await spendBudget();
  await db.transaction((tx) =>
    mailAccountLink(tx, user.id, 'verify_email', deps.invitations.secret),
  );
}
