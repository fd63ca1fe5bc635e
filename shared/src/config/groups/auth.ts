import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { integer, keyRing } from '../variables';

const signingKeys = keyRing(
  (kid, secret) => ({ kid, secret }),
  (k) => k.secret.length >= 32,
  'kid:secret pairs (kid 1-32 of [A-Za-z0-9_-], secret >= 32 characters)',
);

export const authConfig = defineConfigGroup({
  env: {
    JWT_KEYS: signingKeys.describe(
      'access-token signing keys, kid:secret[,kid:secret…]; the first signs, all verify',
    ),
    ACCESS_TOKEN_TTL_SECONDS: integer(60, 86_400)
      .default(900)
      .describe('lifetime of an access token'),
    REFRESH_TOKEN_TTL_DAYS: integer(1, 365)
      .default(30)
      .describe('a session unused for this long ends (its refresh token expires)'),
    SESSION_MAX_AGE_DAYS: integer(1, 3650)
      .default(90)
      .describe('a session ends this long after its login, however often it is refreshed'),
    INVITATION_SECRET: z
      .string()
      .min(32)
      .describe(
        'HMAC key from which the tokens of mailed links are derived: invitations, email verification, password reset (>= 32 characters)',
      ),
    INVITATION_TTL_HOURS: integer(1, 24 * 30)
      .default(168)
      .describe('lifetime of an invitation link'),
    PASSWORD_MEMORY_KIB: integer(8192)
      .default(19_456)
      .describe('argon2id memory cost (OWASP: 19 MiB with 2 iterations)'),
    PASSWORD_TIME_COST: integer(1, 10).default(2).describe('argon2id iterations'),
  },
  secrets: ['JWT_KEYS', 'INVITATION_SECRET'],
  devDefaults: {
    JWT_KEYS: 'dev-1:insightdesk-development-signing-key-not-for-production',
    INVITATION_SECRET: 'insightdesk-development-invitation-secret-not-for-production',
  },
  map: (e) => ({
    signingKeys: e.JWT_KEYS,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    sessionMaxAgeDays: e.SESSION_MAX_AGE_DAYS,
    invitationSecret: e.INVITATION_SECRET,
    invitationTtlHours: e.INVITATION_TTL_HOURS,
    password: { memoryCost: e.PASSWORD_MEMORY_KIB, timeCost: e.PASSWORD_TIME_COST },
  }),
});
