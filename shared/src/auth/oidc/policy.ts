import type { Role } from '../../shapes/roles';

/**
 * A provider, wherever it is configured: an organization's (its admins set it; `orgId`) or the
 * deployment's (OIDC_PROVIDERS; no organization, no provisioning into one).
 */
export interface SignInProvider {
  /** Its name in the sign-in URL: the organization's id, or the deployment provider's name. */
  readonly name: string;
  readonly orgId: string | null;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly vouchedDomains: readonly string[];
  /** The role of a member provisioned on first sign-in (organization providers). */
  readonly jitRole: Role | null;
  /** The operator's (OIDC_PROVIDERS): its requests skip the SSRF guard; an org's are guarded. */
  readonly trusted: boolean;
}

/**
 * Whether the provider vouches for an address's domain: an exact domain (case-insensitive; no
 * subdomains implied), or `*` (a deployment provider authoritative for every address it signs,
 * like Google for Gmail and verified Workspace domains).
 */
export function vouchesFor(domains: readonly string[], email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 1) return false;
  const domain = email.slice(at + 1).toLowerCase();
  return domains.some((d) => d === '*' || d.toLowerCase() === domain);
}

/**
 * Authentication methods (RFC 8176) that mean the provider checked a second factor: a sign-in
 * with one of them is not asked for our own 2FA again.
 */
const MULTI_FACTOR = new Set(['mfa', 'otp', 'hwk', 'sc']);

export const providerCheckedSecondFactor = (amr: readonly string[]) =>
  amr.some((m) => MULTI_FACTOR.has(m));

/** A domain an admin may vouch for: a lower-case host name with a dot (no wildcard). */
export const VOUCHED_DOMAIN = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
