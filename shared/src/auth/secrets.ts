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
