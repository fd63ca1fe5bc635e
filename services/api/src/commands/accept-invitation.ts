import { requireAccountReach } from '@insightdesk/shared/api';
import { type AuditRequest, recordAudit } from '@insightdesk/shared/audit';
import { publicUser, verifyInvitationToken } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { NotFoundError } from '@insightdesk/shared/errors';
import { FULL_REACH } from '@insightdesk/shared/shapes';
import { acceptInvitation as accept } from '@insightdesk/shared/tenancy';
import { membershipChanged } from '../cache-keys';
import type { ApiDeps } from '../deps';

/**
 * Accepting an invitation: the token proves control of the invited mailbox (see
 * `acceptInvitation` for what else each kind of account must show). In one transaction the
 * member joins and gets a session; an account taken over by the mailbox's owner loses every
 * other session. Then, once committed, every instance forgets what it cached. An email that
 * registered meanwhile is 409 `email_taken` (`insertUser`): accepting again joins with it.
 */
export async function acceptInvitation(
  deps: Pick<
    ApiDeps,
    | 'invitations'
    | 'accessTokens'
    | 'sessionGuard'
    | 'passwords'
    | 'sessions'
    | 'memberships'
    | 'cache'
  >,
  db: Executor,
  input: { token: string; name?: string; password?: string; accessToken?: string },
  request: AuditRequest,
) {
  if (!verifyInvitationToken(deps.invitations.secret, input.token)) {
    throw new NotFoundError(
      'invitation_invalid',
      'This invitation does not exist, was used, or has expired.',
    );
  }
  // Optional: the access token of the account the invitation is for.
  const claims = input.accessToken ? await deps.accessTokens.verify(input.accessToken) : undefined;
  if (claims) await deps.sessionGuard.check(claims);
  const passwordHash = input.password ? await deps.passwords.hash(input.password) : undefined;
  const result = await db.transaction(async (tx) => {
    const joined = await accept(tx, deps.memberships.roles, input.token, {
      ...(claims ? { callerId: claims.userId } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(passwordHash ? { passwordHash } : {}),
    });
    // Joining another organization acts on the account: not with a session that does not reach
    // it (one an organization's provider started for an account it does not manage). Joining
    // the organization the session is confined to widens nothing. "SSO required" gates the
    // organization's data, not joining it: the new member reaches it through its provider.
    if (claims && claims.reach.org !== joined.organization.id) requireAccountReach(claims.reach);
    // The pre-registered account changed hands: whoever registered it is out.
    if (joined.takenOver) await deps.sessionGuard.endSessions(tx, joined.user.id, null);
    await recordAudit(tx, {
      organizationId: joined.organization.id,
      actor: { type: 'user', id: joined.user.id },
      request,
      action: 'invitation.accepted',
      target: { type: 'user', id: joined.user.id },
      change: { takenOver: joined.takenOver },
    });
    // The new session reaches what the one it was accepted with reached, no further.
    const tokens = await deps.sessions.start(tx, joined.user.id, claims?.reach ?? FULL_REACH);
    return { ...joined, tokens };
  });
  if (result.takenOver)
    await deps.sessionGuard.announce({ userId: result.user.id, keptFamily: null });
  await membershipChanged(deps, result.organization.id, result.user.id);
  return {
    user: publicUser(result.user),
    organization: result.organization,
    tokens: result.tokens,
  };
}
