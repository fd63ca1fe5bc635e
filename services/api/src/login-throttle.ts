import { createHash } from 'node:crypto';
import type { ApiEnv, RateLimits } from '@insightdesk/shared/api';
import { RateLimitedError } from '@insightdesk/shared/errors';
import type { Context } from 'hono';
import type { TrustedClients } from './trusted-clients';

/**
 * Login throttling that an attacker cannot turn against the user (OWASP Authentication Cheat
 * Sheet, "Account Lockout"; "Slow Down Online Guessing Attacks with Device Cookies"):
 *
 * - failures count against (account, client address): guessing someone's password from one
 *   address locks that address out of that account, not the user logging in from elsewhere;
 * - an account-wide budget stops guessing spread over many addresses: once it is spent, only
 *   clients that logged in to the account before (their address, or the device token a
 *   successful login hands out) may try freely; an address that has not failed yet gets one try
 *   while a slow per-account allowance of such tries lasts (`loginNewAddresses`) — without it,
 *   every new address of a botnet would still get its guess;
 * - every attempt is charged before the (slow) password check, so parallel guesses cannot slip
 *   in ahead of the first failure; a success refunds its attempt and clears its pair.
 *
 * Addresses are budget buckets (an IPv6 /64: `clientNetwork`). Unknown emails take the same path
 * (the account key is the email), so the answers and their timing say nothing about which
 * accounts exist.
 */
export function createLoginThrottle(deps: { limits: RateLimits; trusted: TrustedClients }) {
  const { limits, trusted } = deps;
  // Keys name the account by a hash: no email address sits in Valkey.
  const accountKey = (account: string) =>
    createHash('sha256').update(account).digest('base64url').slice(0, 32);
  const knownKey = (account: string) => `insightdesk:login-known:{${accountKey(account)}}`;

  return {
    /**
     * Before the password is checked: charges the attempt, or answers 429 when this client may
     * not try this account now. `userId` is the account's owner when it exists (device tokens
     * are bound to it).
     */
    async admit(
      c: Context<ApiEnv>,
      attempt: { account: string; address: string; userId?: string; deviceToken?: string },
    ): Promise<void> {
      const { account, address } = attempt;
      await limits.consume(c, limits.loginPerIp, address);
      const pair = await limits.consume(
        c,
        limits.loginPerAccountAndAddress,
        `${accountKey(account)}:${address}`,
      );
      try {
        await limits.consume(c, limits.loginPerAccount, accountKey(account));
      } catch (err) {
        if (!(err instanceof RateLimitedError)) throw err;
        // The account is under spread guessing: let through who is unlikely to be guessing.
        const trustedDevice =
          attempt.userId !== undefined && trusted.isDeviceOf(attempt.deviceToken, attempt.userId);
        if (trustedDevice || (await trusted.isKnown(knownKey(account), address))) return;
        // An address that has not failed yet, while the account's allowance of those lasts.
        if (pair === 1 && (await limits.spend(limits.loginNewAddresses, accountKey(account))))
          return;
        throw err;
      }
    },

    /** After the right password: refunds and clears, remembers the address, hands out a device token. */
    async succeeded(attempt: { account: string; address: string; userId: string }) {
      const { account, address } = attempt;
      await limits.reset(limits.loginPerAccountAndAddress, `${accountKey(account)}:${address}`);
      await limits.reward(limits.loginPerAccount, accountKey(account));
      await trusted.remember(knownKey(account), address);
      return trusted.deviceToken(attempt.userId);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
