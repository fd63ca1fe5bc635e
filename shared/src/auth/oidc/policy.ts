import { FULL_REACH, reachOfOrganization, type SessionReach } from '../../shapes/session-reach';

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
  /** How the client authenticates at the token endpoint (OpenID Connect Core 9). */
  readonly clientAuth: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  readonly clientSecret: string | null;
  /** The client's private JWK (with its `kid`), for `private_key_jwt`. */
  readonly clientKey: Readonly<Record<string, string>> | null;
  /**
   * The domains it vouches for now: an organization's proven ones only (a domain it lost proves
   * nothing); a deployment provider's as the operator configured them.
   */
  readonly vouchedDomains: readonly string[];
  /** The role of a member provisioned on first sign-in (organization providers). */
  readonly jitRole: string | null;
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
 * with one of them is not asked for our own 2FA again — where the provider is trusted to say so
 * (`secondFactorAsked`).
 */
const MULTI_FACTOR = new Set(['mfa', 'otp', 'hwk', 'sc']);

export const providerCheckedSecondFactor = (amr: readonly string[]) =>
  amr.some((m) => MULTI_FACTOR.has(m));

/** A domain an admin may claim or vouch for: a lower-case host name with a dot (no wildcard). */
export const VOUCHED_DOMAIN = /^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Refusals of a first sign-in (403 problems with these codes). */
export type FirstSignInRefusal =
  | 'idp_email_unverified'
  | 'account_unverified'
  | 'domain_not_vouched'
  | 'sso_not_provisioned'
  | 'sso_not_a_member';

/** What a first sign-in of an identity (never linked) does. */
export type FirstSignIn =
  | { readonly kind: 'refuse'; readonly code: FirstSignInRefusal }
  /** An existing account: linked only once its holder proves it (the link step). */
  | { readonly kind: 'holder-proof'; readonly userId: string }
  /** The holder proved the account in this flow: linked. */
  | { readonly kind: 'link'; readonly userId: string }
  /** No account has the address, on a vouched domain: a new, verified account. */
  | { readonly kind: 'provision' };

/**
 * The trust model of a first sign-in (docs/sso.md, "Trust model"): a provider speaks only for
 * addresses on the domains it vouches for (an organization's proven domains); an assertion alone
 * never links an existing account nor takes one over; an account that never proved its mailbox
 * is not linked at all (the holder verifies it first); a new account is made, for an
 * organization's provider, only where it provisions members.
 */
export function firstSignIn(input: {
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly existing: { readonly id: string; readonly verified: boolean } | null;
  readonly vouchedDomains: readonly string[];
  /** An organization's provider (not the deployment's). */
  readonly organization: boolean;
  readonly jitRole: string | null;
  /** The existing account is a member of the provider's organization. */
  readonly member: boolean;
  /** The account whose holder proved it in this flow (its password and second factor). */
  readonly proven?: string | undefined;
}): FirstSignIn {
  if (!input.email || !input.emailVerified) return { kind: 'refuse', code: 'idp_email_unverified' };
  // A provider speaks for nobody outside its vouched domains, not even to offer a link: an
  // organization's own provider would otherwise ask anyone's account holder for a link (and
  // learn which addresses have accounts).
  if (!vouchesFor(input.vouchedDomains, input.email))
    return { kind: 'refuse', code: 'domain_not_vouched' };
  const { existing } = input;
  if (existing) {
    if (!existing.verified) return { kind: 'refuse', code: 'account_unverified' };
    if (input.proven === existing.id) return { kind: 'link', userId: existing.id };
    // Nothing to link to in an organization that would not take the account in anyway.
    if (input.organization && !input.member && input.jitRole === null)
      return { kind: 'refuse', code: 'sso_not_a_member' };
    return { kind: 'holder-proof', userId: existing.id };
  }
  if (input.organization && input.jitRole === null)
    return { kind: 'refuse', code: 'sso_not_provisioned' };
  return { kind: 'provision' };
}

/**
 * Whether a signed-in account that is not a member of the provider's organization joins it (with
 * the provisioning role): only where the organization provisions members, and only an account on
 * a domain the provider vouches for. An identity linked elsewhere at the same issuer (another
 * organization's provider, a deployment's) signs the person in, but joins them to no
 * organization whose domains they are not on.
 */
export const joinsOnSignIn = (input: {
  readonly jitRole: string | null;
  readonly vouchedDomains: readonly string[];
  readonly accountEmail: string;
}): boolean => input.jitRole !== null && vouchesFor(input.vouchedDomains, input.accountEmail);

/**
 * What a provider's session reaches: a deployment provider's (the operator's, like a password)
 * everything; an organization's, that organization — and the account too only when that
 * organization manages it (created by its provider on its proven domain).
 */
export const reachOfSignIn = (provider: Pick<SignInProvider, 'orgId'>, managed: boolean) =>
  provider.orgId === null ? FULL_REACH : reachOfOrganization(provider.orgId, managed);

/**
 * Whether our own second factor is asked of a provider's sign-in (an account that has one): an
 * organization's provider speaks for its managed accounts only, so the account's own factor
 * applies to every other (whatever `amr` says); the deployment's providers are the operator's,
 * trusted for `amr` as for the rest.
 */
export function secondFactorAsked(input: {
  readonly reach: SessionReach;
  readonly providerCheckedSecondFactor: boolean;
  readonly accountHasSecondFactor: boolean;
}): boolean {
  if (!input.accountHasSecondFactor) return false;
  if (input.reach.org !== null) return !input.reach.account;
  return !input.providerCheckedSecondFactor;
}
