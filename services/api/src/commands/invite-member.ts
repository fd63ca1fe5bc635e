import { recordAudit } from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import { createInvitation, type OrgScope, type Role } from '@insightdesk/shared/tenancy';
import type { AuditedBy } from '../audited';
import type { ApiDeps } from '../deps';

/** An invitation and, in its transaction, the event from which the worker mails its link. */
export function inviteMember(
  deps: Pick<ApiDeps, 'invitations'>,
  db: Executor,
  scope: OrgScope,
  input: { email: string; role: Role },
  audit: AuditedBy,
) {
  return db.transaction(async (tx) => {
    const invitation = await createInvitation(tx, scope, input, deps.invitations);
    await recordAudit(tx, {
      organizationId: scope.orgId,
      ...audit,
      action: 'invitation.sent',
      target: { type: 'invitation', id: invitation.id },
      change: { email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt },
    });
    return invitation;
  });
}
