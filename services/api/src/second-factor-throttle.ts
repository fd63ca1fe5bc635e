import type { ApiEnv, RateLimits } from '@insightdesk/shared/api';
import { RateLimitedError, UnauthorizedError } from '@insightdesk/shared/errors';
import type { Context } from 'hono';
import type { TrustedClients } from './trusted-clients';

export const deadChallenge = () =>
  new UnauthorizedError('invalid_challenge', 'Sign in with your password again.');

/**
 * Second-factor throttling that cannot be turned against the account's owner. Whoever reaches
 * this step knows the password, so the budgets are the only thing between them and six digits:
 *
 * - per challenge: a login challenge takes `RATE_LIMIT_2FA_PER_CHALLENGE` codes, then it is dead
 *   (401 `invalid_challenge`: the password again, and its own budgets); a success uses it up;
 * - per (account, address): a flood from one address (IPv6: its /64) locks that address out of
 *   the account's second step, not the owner signing in from elsewhere;
 * - per account, slowly (per hour): guessing spread over many addresses stops there, for every
 *   client but those the owner used before — a device token of a completed sign-in, or an
 *   address that completed one — which still get in.
 *
 * Every attempt is charged before the code is checked (parallel guesses cannot overrun a
 * budget); a success refunds its attempt of the account and clears its pair. The README's
 * "guesses per hour" figure is made of these budgets (guessing-bounds.ts).
 */
export function createSecondFactorThrottle(deps: { limits: RateLimits; trusted: TrustedClients }) {
  const { limits, trusted } = deps;
  const knownKey = (userId: string) => `insightdesk:2fa-known:{${userId}}`;
  const pairKey = (userId: string, address: string) => `${userId}:${address}`;

  return {
    /** Before the code is checked: charges the attempt, or refuses it (401 dead challenge, 429). */
    async admit(
      c: Context<ApiEnv>,
      attempt: { userId: string; challengeId: string; address: string; deviceToken?: string },
    ): Promise<void> {
      const { userId, address } = attempt;
      try {
        await limits.consume(c, limits.secondFactorPerChallenge, attempt.challengeId);
      } catch (err) {
        if (err instanceof RateLimitedError) throw deadChallenge();
        throw err;
      }
      await limits.consume(c, limits.secondFactorPerUserAndAddress, pairKey(userId, address));
      try {
        await limits.consume(c, limits.secondFactorPerUser, userId);
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        if (trusted.isDeviceOf(attempt.deviceToken, userId)) return;
        if (await trusted.isKnown(knownKey(userId), address)) return;
        throw err;
      }
    },

    /** The right code: the challenge is used up, the attempt refunded, the address known. */
    async succeeded(attempt: { userId: string; challengeId: string; address: string }) {
      const { userId, address } = attempt;
      await limits.exhaust(limits.secondFactorPerChallenge, attempt.challengeId);
      await limits.reset(limits.secondFactorPerUserAndAddress, pairKey(userId, address));
      await limits.reward(limits.secondFactorPerUser, userId);
      await trusted.remember(knownKey(userId), address);
    },
  };
}

export type SecondFactorThrottle = ReturnType<typeof createSecondFactorThrottle>;
