import { type AuditEntry, type AuditRequest, recordAudit } from '@insightdesk/shared/audit';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  linkIdentity,
  normalizeEmail,
  randomToken,
  type SignInProvider,
  takeOverByMailbox,
  userOfIdentity,
  type VerifiedIdentity,
  vouchesFor,
} from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { AppError, ConflictError, ForbiddenError, NotFoundError } from '@insightdesk/shared/errors';
import { addMember, findOrgOidcProvider, isUuid, memberRole } from '@insightdesk/shared/tenancy';
import { userTarget } from '../audited';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

const noSuchProvider = () =>
  new NotFoundError('oidc_provider_not_found', 'No such sign-in provider.');

/**
 * The provider a sign-in URL names: an organization's id (canonical, lower case) when that
 * organization configured one, else a deployment provider's name (OIDC_PROVIDERS).
 */
export async function resolveProvider(
  deps: Pick<ApiDeps, 'cipher' | 'oidc'>,
  db: Executor,
  name: string,
): Promise<SignInProvider> {
  if (isUuid(name)) {
    const org = await findOrgOidcProvider(db, deps.cipher, name);
    if (!org) throw noSuchProvider();
    return { name, ...org };
  }
  const found = deps.oidc.deploymentProviders.find((p) => p.name === name);
  if (!found) throw noSuchProvider();
  return { ...found, orgId: null, jitRole: null };
}

const linkRequired = () =>
  new ConflictError(
    'account_link_required',
    'An account with this email already exists and this provider cannot vouch for it: sign in with your password first.',
  );

/**
 * Who a verified identity signs in as. An identity is bound to an account by `(issuer,
 * subject)`, never by email alone; a first sign-in binds it only when nobody else can be
 * signed in by it (docs/sso.md, "Linking rules"):
 *
 * - an identity linked before signs in to its account;
 * - otherwise the provider must assert `email_verified` (403 `idp_email_unverified`) for an
 *   address in a domain it vouches for; an address it does not vouch for provisions nothing
 *   (403 `domain_not_vouched`) and links nothing (409 `account_link_required`);
 * - an existing verified account is linked only when its owner chose this provider's
 *   organization (a member of it) or the provider is the deployment's: vouching for a domain
 *   is an organization admin's word, not proof they own it — otherwise 409;
 * - an existing unverified account (anyone can register any address) is taken over as a mailed
 *   link takes it over: its password and second factor go, its sessions end;
 * - a new address gets a new, verified account (just-in-time), with the provider's role in
 *   its organization — or 403 `sso_not_provisioned` when the organization provisions nobody.
 *
 * An organization's provider signs in members only: a linked account that is not one joins
 * with the provisioning role, or is refused (403 `sso_not_a_member`). One transaction; then,
 * once committed, the caches and sessions hear it.
 */
export async function signInWithProvider(
  deps: Pick<ApiDeps, 'passwords' | 'sessionGuard' | 'memberships' | 'cache'>,
  db: Executor,
  provider: SignInProvider,
  identity: VerifiedIdentity,
  request: AuditRequest,
): Promise<{ userId: string; takenOver: boolean }> {
  // Nobody knows this password: the account signs in through its provider, or sets one with a
  // reset link (which proves the mailbox). Hashed only when an account needs one.
  const unusablePassword = () => deps.passwords.hash(randomToken());
  const result = await db.transaction(async (tx) => {
    let userId = await userOfIdentity(tx, identity.issuer, identity.subject);
    let takenOver = false;
    let linked: 'created' | 'existing' | 'taken over' | null = null;
    if (!userId) {
      const email = identity.email ? normalizeEmail(identity.email) : null;
      if (!email || !identity.emailVerified) {
        throw new ForbiddenError(
          'idp_email_unverified',
          'The identity provider does not vouch that this email address is verified.',
        );
      }
      const existing = await findUserByEmail(tx, email);
      if (!vouchesFor(provider.vouchedDomains, email)) {
        if (existing) throw linkRequired();
        throw new ForbiddenError(
          'domain_not_vouched',
          "This provider does not vouch for your email's domain.",
        );
      }
      if (existing?.emailVerifiedAt) {
        const chosen =
          provider.orgId === null || (await memberRole(tx, provider.orgId, existing.id)) !== null;
        if (!chosen) throw linkRequired();
        userId = existing.id;
        linked = 'existing';
      } else if (existing) {
        await takeOverByMailbox(tx, existing.id, await unusablePassword());
        await deps.sessionGuard.endSessions(tx, existing.id, null);
        userId = existing.id;
        takenOver = true;
        linked = 'taken over';
      } else {
        if (provider.orgId !== null && provider.jitRole === null) {
          throw new ForbiddenError(
            'sso_not_provisioned',
            'This organization does not create accounts on first sign-in: ask an admin to invite you.',
          );
        }
        const user = await insertUser(tx, {
          email,
          name: identity.name?.trim() || email.slice(0, email.indexOf('@')),
          passwordHash: await unusablePassword(),
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
      });
    }
    let joined = false;
    if (provider.orgId !== null && (await memberRole(tx, provider.orgId, userId)) === null) {
      if (provider.jitRole === null) {
        throw new ForbiddenError(
          'sso_not_a_member',
          'You are not a member of this organization: ask an admin to invite you.',
        );
      }
      const user = await findUserById(tx, userId);
      await addMember(tx, provider.orgId, { id: userId, name: user?.name ?? '' }, provider.jitRole);
      joined = true;
    }
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
    await act('sso.login', { subject: identity.subject });
    return { userId, takenOver, joined };
  });
  if (result.takenOver)
    await deps.sessionGuard.announce({ userId: result.userId, keptFamily: null });
  if (result.joined && provider.orgId) await membershipChanged(deps, provider.orgId, result.userId);
  return { userId: result.userId, takenOver: result.takenOver };
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
