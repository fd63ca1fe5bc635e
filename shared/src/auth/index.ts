export {
  type AccessTokenClaims,
  type AccessTokens,
  createAccessTokens,
  type SessionClaims,
  type SigningKey,
} from './access-tokens';
export {
  ACCOUNT_TOKEN_TTL_MINUTES,
  type AccountTokenMailRow,
  type AccountTokenPurpose,
  accountTokenFor,
  accountTokenMailSource,
  claimAccountToken,
  createAccountToken,
  purgeAccountTokens,
} from './account-tokens';
export { takeOverByMailbox } from './mailbox-proof';
export * from './oidc';
export { oidcConfig } from './oidc/config';
export { createPasswordHasher, type PasswordHasher } from './passwords';
export { hashToken, invitationToken, randomToken, verifyInvitationToken } from './secrets';
export {
  createSessionGuard,
  SESSIONS_ENDED_CHANNEL,
  type SessionGuard,
} from './session-guard';
export {
  createSessions,
  purgeRefreshTokens,
  revokeConfinedSessions,
  revokeSessionsOf,
  type SessionEnded,
  type Sessions,
  type TokenPair,
} from './sessions';
export {
  createLoginChallenges,
  LOGIN_CHALLENGE_TTL_MS,
  type LoginChallenges,
  RECOVERY_CODES,
  recoveryCode,
  twoFactor,
} from './two-factor';
export {
  findUserByEmail,
  findUserById,
  insertUser,
  markEmailVerified,
  normalizeEmail,
  type PublicUser,
  publicUser,
  setPasswordHash,
  totpSecretColumn,
  type UserRow,
} from './users';
