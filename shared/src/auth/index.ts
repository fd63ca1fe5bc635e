export {
  type AccessTokenClaims,
  type AccessTokens,
  createAccessTokens,
  type SigningKey,
} from './access-tokens';
export { createPasswordHasher, type PasswordHasher } from './passwords';
export { hashToken, invitationToken, randomToken, verifyInvitationToken } from './secrets';
export { createSessions, purgeRefreshTokens, type Sessions, type TokenPair } from './sessions';
export {
  findUserByEmail,
  findUserById,
  insertUser,
  normalizeEmail,
  type PublicUser,
  publicUser,
  type UserRow,
} from './users';
