import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import type { Executor } from '../db';
import type { Cipher } from '../encryption';
import { FULL_REACH, type SessionReach } from '../shapes/session-reach';
import { hashToken } from './secrets';
import {
  clearTotp,
  markTotpEnabled,
  setPendingTotpSecret,
  setTotpLastStep,
  type TotpColumns,
  totpColumns,
  totpSecretColumn,
} from './users';

export const RECOVERY_CODES = 10;
/** How long a login challenge (password given, second factor to come) lasts. */
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;

/** RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s. */
const totpFor = (secret: Secret, account: string) =>
  new TOTP({ issuer: 'InsightDesk', label: account, secret, algorithm: 'SHA1', digits: 6 });

const contextOf = (userId: string) => totpSecretColumn.context(userId);

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Recovery codes: 10 random characters in two groups, easy to type, ~50 bits each. Each
 * character is drawn uniformly (`randomInt` rejects the draws a modulo would skew: 256 bytes do
 * not divide into 31 letters).
 */
export function recoveryCode(): string {
  const chars = Array.from(
    { length: 10 },
    () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)],
  ).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normalizeRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/\s+/g, '');

/**
 * Checks a code against the user's secret and spends its time step: a code (or any older one)
 * is accepted once. Runs in the caller's transaction, with the user's row locked.
 */
async function spendTotpCode(
  tx: Executor,
  cipher: Cipher,
  userId: string,
  row: TotpColumns,
  code: string,
): Promise<boolean> {
  if (!row.secret || !/^\d{6}$/.test(code)) return false;
  const secret = Secret.fromBase32(cipher.decrypt(row.secret, contextOf(userId)));
  const totp = totpFor(secret, row.email);
  const delta = totp.validate({ token: code, window: 1 });
  if (delta === null) return false;
  const step = totp.counter() + delta;
  if (row.lastStep !== null && step <= Number(row.lastStep)) return false;
  await setTotpLastStep(tx, userId, step);
  return true;
}

/** A fresh set of recovery codes replaces the user's (stored hashed); answers them, once. */
async function replaceRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
  await tx.execute(sql`delete from recovery_codes where user_id = ${userId}`);
  const rows = codes.map((c) => sql`(${Bun.randomUUIDv7()}, ${userId}, ${hashToken(c)})`);
  await tx.execute(
    sql`insert into recovery_codes (id, user_id, code_hash) values ${sql.join(rows, sql`, `)}`,
  );
  return codes;
}

/**
 * Two-factor authentication (TOTP, RFC 6238) of an account: what the `totp_*` columns of users
 * (kept by users.ts) mean, and the one owner of the `recovery_codes` table.
 */
export const twoFactor = {
  async enabled(db: Executor, userId: string): Promise<boolean> {
    return (await totpColumns(db, userId))?.enabled === true;
  },

  /** A new secret, kept encrypted until `enable` confirms it with a code. */
  async setup(
    db: Executor,
    cipher: Cipher,
    userId: string,
  ): Promise<{ secret: string; otpauthUrl: string } | 'already_enabled'> {
    const row = await totpColumns(db, userId);
    if (!row) throw new Error('no such user');
    if (row.enabled) return 'already_enabled';
    const secret = new Secret({ size: 20 });
    await setPendingTotpSecret(db, userId, cipher.encrypt(secret.base32, contextOf(userId)));
    return { secret: secret.base32, otpauthUrl: totpFor(secret, row.email).toString() };
  },

  /** Confirms the pending secret with a code; answers the recovery codes (shown once). */
  async enable(
    tx: Executor,
    cipher: Cipher,
    userId: string,
    code: string,
  ): Promise<string[] | 'no_setup' | 'already_enabled' | 'invalid_code'> {
    const row = await totpColumns(tx, userId, true);
    if (!row?.secret) return 'no_setup';
    if (row.enabled) return 'already_enabled';
    if (!(await spendTotpCode(tx, cipher, userId, row, code))) return 'invalid_code';
    const codes = await replaceRecoveryCodes(tx, userId);
    await markTotpEnabled(tx, userId);
    return codes;
  },

  /**
   * New recovery codes (the old ones stop working), for a current code of the authenticator
   * app — a recovery code does not do: one stolen code must not mint ten.
   */
  async regenerateRecoveryCodes(
    tx: Executor,
    cipher: Cipher,
    userId: string,
    code: string,
  ): Promise<string[] | 'not_enabled' | 'invalid_code'> {
    const row = await totpColumns(tx, userId, true);
    if (!row?.enabled) return 'not_enabled';
    if (!(await spendTotpCode(tx, cipher, userId, row, code))) return 'invalid_code';
    return replaceRecoveryCodes(tx, userId);
  },

  /**
   * The second factor of a login or of turning 2FA off: a current code (once) or an unused
   * recovery code (spent). In the caller's transaction.
   */
  async verify(
    tx: Executor,
    cipher: Cipher,
    userId: string,
    proof: { code?: string; recoveryCode?: string },
  ): Promise<boolean> {
    const row = await totpColumns(tx, userId, true);
    if (!row?.enabled) return false;
    if (proof.code !== undefined) return spendTotpCode(tx, cipher, userId, row, proof.code);
    if (proof.recoveryCode === undefined) return false;
    const spent = await tx.execute(sql`
      update recovery_codes set used_at = now()
       where user_id = ${userId} and code_hash = ${hashToken(normalizeRecoveryCode(proof.recoveryCode))}
         and used_at is null
       returning id`);
    return spent.length === 1;
  },

  async disable(tx: Executor, userId: string): Promise<void> {
    await tx.execute(sql`delete from recovery_codes where user_id = ${userId}`);
    await clearTotp(tx, userId);
  },
};

/**
 * The step between a first factor (a password, an organization's provider) and the second: a
 * signed, short-lived statement "this user passed the first factor", carried by the client, with
 * an id of its own — the codes it may take are counted by that id (a challenge dies after a few
 * wrong ones, and is used up by the right one: second-factor-throttle.ts of the api) — and what
 * the session it opens will reach (a provider's sign-in reaches its organization only).
 */
export function createLoginChallenges(signingSecret: string) {
  const key = createHmac('sha256', signingSecret).update('insightdesk 2fa challenge').digest();
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  // `*`: every organization; `<org>~a` / `<org>~o`: one organization, with or without the account.
  const reachText = (reach: SessionReach) =>
    reach.org === null ? '*' : `${reach.org}~${reach.account ? 'a' : 'o'}`;
  const reachOf = (text: string): SessionReach | null => {
    if (text === '*') return FULL_REACH;
    const match = /^([0-9a-f-]{36})~([ao])$/.exec(text);
    return match?.[1] ? { org: match[1], account: match[2] === 'a' } : null;
  };
  return {
    issue(userId: string, reach: SessionReach = FULL_REACH): string {
      const id = randomBytes(12).toString('base64url');
      const payload = `${userId}.${Date.now() + LOGIN_CHALLENGE_TTL_MS}.${id}.${reachText(reach)}`;
      return `${payload}.${mac(payload)}`;
    },
    /** The challenge's user, id and reach, or null (forged, malformed, expired). */
    verify(challenge: string): { userId: string; id: string; reach: SessionReach } | null {
      const [userId = '', expires = '', id = '', reachPart = '', signature = '', extra] =
        challenge.split('.');
      if (!signature || extra !== undefined || !/^\d{1,15}$/.test(expires)) return null;
      if (!/^[A-Za-z0-9_-]{16}$/.test(id) || Number(expires) < Date.now()) return null;
      const expected = Buffer.from(mac(`${userId}.${expires}.${id}.${reachPart}`));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
      const reach = reachOf(reachPart);
      return reach ? { userId, id, reach } : null;
    },
  };
}

export type LoginChallenges = ReturnType<typeof createLoginChallenges>;
