import type { Executor } from '../db';
import { twoFactor } from './two-factor';
import { markEmailVerified, setPasswordHash } from './users';

/**
 * Someone proved control of an account's mailbox (a mailed password-reset or invitation link)
 * and sets its password. An address nobody had verified until now may have been registered by
 * someone else first (anyone can register any address): what that account had attached — a
 * second factor — goes with the old password, or it would lock the mailbox's owner out. The
 * caller ends the account's sessions in the same transaction.
 */
export async function takeOverByMailbox(
  tx: Executor,
  userId: string,
  passwordHash: string,
): Promise<void> {
  await setPasswordHash(tx, userId, passwordHash);
  if (await markEmailVerified(tx, userId)) await twoFactor.disable(tx, userId);
}
