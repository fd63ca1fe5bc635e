import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ApiEnv, RateLimits } from '@insightdesk/shared/api';
import { RateLimitedError } from '@insightdesk/shared/errors';
import type { Logger } from '@insightdesk/shared/logger';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Context } from 'hono';

const TRUST_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Login throttling that an attacker cannot turn against the user (OWASP Authentication Cheat
 * Sheet, "Account Lockout"; "Slow Down Online Guessing Attacks with Device Cookies"):
 *
 * - failures count against (account, client address): guessing someone's password from one
 *   address locks that address out of that account, not the user logging in from elsewhere;
 * - an account-wide budget stops guessing spread over many addresses: once it is spent, only
 *   clients that logged in to the account before (their address, or the device token a
 *   successful login hands out) and addresses that have not failed yet may try — one failure
 *   and such an address is out too;
 * - every attempt is charged before the (slow) password check, so parallel guesses cannot slip
 *   in ahead of the first failure; a success refunds its attempt and clears its pair.
 *
 * Unknown emails take the same path (the account key is the email), so the answers and their
 * timing say nothing about which accounts exist.
 */
export function createLoginThrottle(deps: {
  limits: RateLimits;
  valkey: Redis;
  /** Signs device tokens (derived from the access-token signing key). */
  secret: string;
  logger: Logger;
}) {
  const { limits, valkey } = deps;
  const deviceKey = createHmac('sha256', deps.secret).update('insightdesk login device').digest();
  // Keys name the account by a hash: no email address sits in Valkey.
  const accountKey = (account: string) =>
    createHash('sha256').update(account).digest('base64url').slice(0, 32);
  const knownKey = (account: string) => `insightdesk:login-known:{${accountKey(account)}}`;

  const mac = (userId: string, issuedAt: string, nonce: string) =>
    createHmac('sha256', deviceKey).update(`${userId}.${issuedAt}.${nonce}`).digest('base64url');

  /** A device token: which user logged in on it, and when; verifiable without storage. */
  function deviceToken(userId: string): string {
    const issuedAt = String(Date.now());
    const nonce = crypto.randomUUID();
    return `${issuedAt}.${nonce}.${mac(userId, issuedAt, nonce)}`;
  }

  function deviceTokenUser(token: string | undefined, userId: string): boolean {
    const [issuedAt = '', nonce = '', signature = '', extra] = token?.split('.') ?? [];
    if (!signature || extra !== undefined || !/^\d{1,15}$/.test(issuedAt)) return false;
    if (Date.now() - Number(issuedAt) > TRUST_DAYS * DAY_MS) return false;
    const expected = Buffer.from(mac(userId, issuedAt, nonce));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  async function knownAddress(account: string, address: string): Promise<boolean> {
    try {
      const at = await valkey.zscore(knownKey(account), address);
      return at !== null && Date.now() - Number(at) < TRUST_DAYS * DAY_MS;
    } catch {
      return false;
    }
  }

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
        const firstTry = pair === 1;
        const trustedDevice =
          attempt.userId !== undefined && deviceTokenUser(attempt.deviceToken, attempt.userId);
        if (firstTry || trustedDevice || (await knownAddress(account, address))) return;
        throw err;
      }
    },

    /** After the right password: refunds and clears, remembers the address, hands out a device token. */
    async succeeded(attempt: { account: string; address: string; userId: string }) {
      const { account, address } = attempt;
      await limits.reset(limits.loginPerAccountAndAddress, `${accountKey(account)}:${address}`);
      await limits.reward(limits.loginPerAccount, accountKey(account));
      try {
        const key = knownKey(account);
        await valkey
          .multi()
          .zadd(key, Date.now(), address)
          .zremrangebyscore(key, '-inf', Date.now() - TRUST_DAYS * DAY_MS)
          .expire(key, TRUST_DAYS * 24 * 3600)
          .exec();
      } catch (err) {
        deps.logger.debug({ err }, 'known login address not recorded');
      }
      return deviceToken(attempt.userId);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
