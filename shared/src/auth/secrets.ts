import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** An opaque, unguessable token (256 bits, URL-safe). */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of a token: its SHA-256. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Invitation tokens are derived, not stored: `<invitationId>.<HMAC(secret, invitationId)>`. The
 * database keeps only a hash, and the worker can rebuild the link for the email from the id.
 */
export function invitationToken(secret: string, invitationId: string): string {
  return `${invitationId}.${createHmac('sha256', secret).update(invitationId).digest('base64url')}`;
}

/** The invitation id if the token's signature is valid, else null. */
export function verifyInvitationToken(secret: string, token: string): string | null {
  const [id, signature, extra] = token.split('.');
  if (!id || !signature || extra !== undefined) return null;
  const expected = Buffer.from(invitationToken(secret, id).split('.')[1] ?? '');
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}

/**
 * Links mailed for an account (email verification, password reset), derived like invitation
 * tokens — `<id>.<HMAC(secret, purpose:id)>` — so that a token of one purpose is never valid for
 * another, and the worker rebuilds the link from the id.
 */
export function accountLinkToken(secret: string, purpose: string, id: string): string {
  return `${id}.${createHmac('sha256', secret).update(`${purpose}:${id}`).digest('base64url')}`;
}

/** The id if the token's signature is valid for `purpose`, else null. */
export function verifyAccountLinkToken(
  secret: string,
  purpose: string,
  token: string,
): string | null {
  const [id, signature, extra] = token.split('.');
  if (!id || !signature || extra !== undefined || id.length > 64) return null;
  const expected = Buffer.from(accountLinkToken(secret, purpose, id).split('.')[1] ?? '');
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
