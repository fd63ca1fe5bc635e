import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@insightdesk/shared/logger';
import type { Redis } from '@insightdesk/shared/valkey';

const TRUST_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

/**
 * The clients an account's owner used before (OWASP Authentication Cheat Sheet, "Slow Down
 * Online Guessing Attacks with Device Cookies"): the budgets that stop guessing spread over many
 * addresses let them through, so that an attack on an account does not lock its owner out.
 *
 * - a device token, handed out by every completed sign-in, names the user and when; it is
 *   verified without storage (an HMAC) and trusted for 30 days;
 * - known addresses (budget buckets: an IPv6 /64) are kept per account in a sorted set by the
 *   time they last signed in, for 30 days.
 */
export function createTrustedClients(deps: {
  valkey: Redis;
  /** Signs device tokens (derived from the access-token signing key). */
  secret: string;
  logger: Logger;
}) {
  const { valkey } = deps;
  const deviceKey = createHmac('sha256', deps.secret).update('insightdesk login device').digest();
  const mac = (userId: string, issuedAt: string, nonce: string) =>
    createHmac('sha256', deviceKey).update(`${userId}.${issuedAt}.${nonce}`).digest('base64url');

  return {
    /** A device token: which user signed in on it, and when. */
    deviceToken(userId: string): string {
      const issuedAt = String(Date.now());
      const nonce = crypto.randomUUID();
      return `${issuedAt}.${nonce}.${mac(userId, issuedAt, nonce)}`;
    },

    /** Whether `token` is a device token of `userId`, younger than 30 days. */
    isDeviceOf(token: string | undefined, userId: string): boolean {
      const [issuedAt = '', nonce = '', signature = '', extra] = token?.split('.') ?? [];
      if (!signature || extra !== undefined || !/^\d{1,15}$/.test(issuedAt)) return false;
      if (Date.now() - Number(issuedAt) > TRUST_DAYS * DAY_MS) return false;
      const expected = Buffer.from(mac(userId, issuedAt, nonce));
      const given = Buffer.from(signature);
      return expected.length === given.length && timingSafeEqual(expected, given);
    },

    /** Whether `address` signed in to the account of `set` in the last 30 days. */
    async isKnown(set: string, address: string): Promise<boolean> {
      try {
        const at = await valkey.zscore(set, address);
        return at !== null && Date.now() - Number(at) < TRUST_DAYS * DAY_MS;
      } catch {
        return false;
      }
    },

    /** Remembers `address` for the account of `set` (best effort: Valkey may be away). */
    async remember(set: string, address: string): Promise<void> {
      try {
        await valkey
          .multi()
          .zadd(set, Date.now(), address)
          .zremrangebyscore(set, '-inf', Date.now() - TRUST_DAYS * DAY_MS)
          .expire(set, TRUST_DAYS * 24 * 3600)
          .exec();
      } catch (err) {
        deps.logger.debug({ err }, 'known address not recorded');
      }
    },
  };
}

export type TrustedClients = ReturnType<typeof createTrustedClients>;
