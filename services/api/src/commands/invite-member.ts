import type { Executor } from '@insightdesk/shared/db';
import { createInvitation, type OrgScope, type Role } from '@insightdesk/shared/tenancy';
import type { ApiDeps } from '../deps';

/** An invitation and, in its transaction, the event from which the worker mails its link. */
export function inviteMember(
  deps: Pick<ApiDeps, 'invitations'>,
  db: Executor,
  scope: OrgScope,
  input: { email: string; role: Role },
) {
  return db.transaction((tx) => createInvitation(tx, scope, input, deps.invitations));
}
