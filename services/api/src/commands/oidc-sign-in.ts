import { featureDisabled } from '@insightdesk/shared/api';
import { type AuditEntry, type AuditRequest, recordAudit } from '@insightdesk/shared/audit';
import {
  findUserByEmail,
  findUserById,
  firstSignIn,
  insertUser,
  joinsOnSignIn,
  linkIdentity,
  managedBy,
  normalizeEmail,
  randomToken,
  reachOfSignIn,
  type SignInProvider,
  userOfIdentity,
  type VerifiedIdentity,
} from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { AppError, ForbiddenError, NotFoundError } from '@insightdesk/shared/errors';
import type { SessionReach } from '@insightdesk/shared/shapes';
import { addMember, findOrgOidcProvider, isUuid, memberRole } from '@insightdesk/shared/tenancy';
import { userTarget } from '../audited';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

const noSuchProvider = () =>
  new NotFoundError('oidc_provider_not_found', 'No such sign-in provider.');

/**
 * The provider a sign-in URL names: an organization's id (canonical, lower case) when that
 * organization configured one, else a deployment provider's name (OIDC_PROVIDERS). 404
 * `feature_disabled` while the `oauth` flag is off for it (an organization's own override, or
 * the deployment's).
 */
export async function resolveProvider(
  deps: Pick<ApiDeps, 'cipher' | 'oidc' | 'features'>,
  db: Executor,
  name: string,
): Promise<SignInProvider> {
  if (isUuid(name)) {
    if (!deps.features.isEnabled('oauth', name)) throw featureDisabled();
    const org = await findOrgOidcProvider(db, deps.cipher, name);
    if (!org) throw noSuchProvider();
    return { name, ...org, trusted: false };
  }
  if (!deps.features.isEnabled('oauth')) throw featureDisabled();
  const found = deps.oidc.deploymentProviders.find((p) => p.name === name);
  if (!found) throw noSuchProvider();
  return {
    ...found,
    clientAuth: 'client_secret_basic',
    clientKey: null,
    orgId: null,
    jitRole: null,
    trusted: true,
  };
}

const refusals: Record<string, string> = {
  idp_email_unverified: 'The identity provider does not vouch that this email address is verified.',
  account_unverified:
    'An account with this address exists, but its mailbox was never verified: verify it first (a password reset link proves it), then sign in again.',
  domain_not_vouched:
    "This provider does not vouch for your email's domain (only for domains its organization proved).",
  sso_not_provisioned:
    'This organization does not create accounts on first sign-in: ask an admin to invite you.',
  sso_not_a_member: 'You are not a member of this organization: ask an admin to invite you.',
};

/** A provider's sign-in that went through: whom, and what the session may reach. */
export interface ProviderSignIn {
  readonly userId: string;
  readonly reach: SessionReach;
}

type Outcome = { link: string } | (ProviderSignIn & { joined: boolean });

/**
 * Who a verified identity signs in as, and what that session reaches (docs/sso.md, "Trust
 * model"). An identity is bound to an account by `(issuer, subject)`, never by email alone:
 *
 * - an identity linked before signs in to its account;
 * - a first sign-in (policy.ts `firstSignIn`) never links an existing account on the provider's
 *   word: its holder proves it (the password and second factor at POST /auth/oidc/link, which
 *   calls this again with the account as `proven`); an account that never proved its mailbox is
 *   not linked at all; a new account is made only for an address on a domain the provider
 *   vouches for — an organization's proven domains — and only where it provisions members;
 * - an organization's provider signs in members only: a linked account that is not one joins
 *   with the provisioning role when its address is on a domain the provider vouches for, or is
 *   refused (403 `sso_not_a_member`);
 * - the session reaches the provider's organization only, and the account too when that
 *   organization manages it (created by its provider, on its proven domain).
 *
 * One transaction; then, once committed, the caches hear it.
 */
export async function signInWithProvider(
  deps: Pick<ApiDeps, 'passwords' | 'memberships' | 'cache'>,
  db: Executor,
  provider: SignInProvider,
  identity: VerifiedIdentity,
  request: AuditRequest,
  /** The account whose holder proved it in this flow (the link step). */
  proven?: string,
): Promise<ProviderSignIn | { link: string }> {
  const result = await db.transaction(async (tx): Promise<Outcome> => {
    let userId = await userOfIdentity(tx, identity.issuer, identity.subject);
    let linked: 'created' | 'password proven' | null = null;
    if (!userId) {
      const email = identity.email ? normalizeEmail(identity.email) : null;
      const existing = email ? await findUserByEmail(tx, email) : undefined;
      const decision = firstSignIn({
        email,
        emailVerified: identity.emailVerified,
        existing: existing
          ? { id: existing.id, verified: existing.emailVerifiedAt !== null }
          : null,
        vouchedDomains: provider.vouchedDomains,
        organization: provider.orgId !== null,
        jitRole: provider.jitRole,
        member:
          existing !== undefined &&
          provider.orgId !== null &&
          (await memberRole(tx, provider.orgId, existing.id)) !== null,
        proven,
      });
      if (decision.kind === 'refuse')
        throw new ForbiddenError(decision.code, refusals[decision.code] ?? 'Refused.');
      if (decision.kind === 'holder-proof') return { link: decision.userId };
      if (decision.kind === 'link') {
        userId = decision.userId;
        linked = 'password proven';
      } else {
        const address = email as string;
        // Nobody knows this password: the account signs in through its provider, or sets one
        // with a reset link (which proves the mailbox).
        const user = await insertUser(tx, {
          email: address,
          name: identity.name?.trim() || address.slice(0, address.indexOf('@')),
          passwordHash: await deps.passwords.hash(randomToken()),
          emailVerified: true,
        });
        userId = user.id;
        linked = 'created';
      }
      userId = await linkIdentity(tx, {
        userId,
        issuer: identity.issuer,
        subject: identity.subject,
        email,
        linkedBy: linked === 'created' ? 'provisioned' : 'owner',
        orgId: provider.orgId,
      });
    }
    let joined = false;
    if (provider.orgId !== null && (await memberRole(tx, provider.orgId, userId)) === null) {
      const user = await findUserById(tx, userId);
      const joins = joinsOnSignIn({
        jitRole: provider.jitRole,
        vouchedDomains: provider.vouchedDomains,
        accountEmail: user?.email ?? '',
      });
      if (!joins || provider.jitRole === null) {
        throw new ForbiddenError('sso_not_a_member', refusals.sso_not_a_member ?? '');
      }
      await addMember(
        tx,
        deps.memberships.roles,
        provider.orgId,
        { id: userId, name: user?.name ?? '' },
        provider.jitRole,
      );
      joined = true;
    }
    const managed = provider.orgId !== null && (await managedBy(tx, userId, provider.orgId));
    // In the provider's chain (its organization's, or the deployment's), with the sign-in.
    const act = (action: AuditEntry['action'], change: Record<string, unknown>) =>
      recordAudit(tx, {
        organizationId: provider.orgId,
        actor: { type: 'user', id: userId },
        request,
        action,
        target: userTarget(userId),
        change: { provider: provider.name, issuer: identity.issuer, ...change },
      });
    if (linked) await act('sso.identity-linked', { subject: identity.subject, account: linked });
    if (joined) await act('sso.member-provisioned', { role: provider.jitRole });
    await act('sso.login', { subject: identity.subject, managed });
    return { userId, reach: reachOfSignIn(provider, managed), joined };
  });
  if ('link' in result) return { link: result.link };
  if (result.joined && provider.orgId) await membershipChanged(deps, provider.orgId, result.userId);
  return { userId: result.userId, reach: result.reach };
}

/**
 * A sign-in the callback refused once the flow was known (a token the provider would not sign,
 * a replayed code, a link or provisioning refused: a 4xx problem), recorded in the provider's
 * chain — its own transaction, the sign-in's was rolled back. Bounded like the flows: each
 * attempt spent a state that `start` issued under the login budget. A provider that could not be
 * reached (5xx) is no refusal and is not recorded.
 */
export async function recordSignInRefused(
  db: Executor,
  provider: SignInProvider,
  request: AuditRequest,
  err: unknown,
): Promise<void> {
  if (!(err instanceof AppError) || err.status >= 500) return;
  await recordAudit(db, {
    organizationId: provider.orgId,
    actor: { type: 'anonymous' },
    request,
    action: 'sso.login-failed',
    target: null,
    change: { provider: provider.name, issuer: provider.issuer, reason: err.code },
  });
}
