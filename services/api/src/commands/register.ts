import type { AuditRequest } from '@insightdesk/shared/audit';
import { insertUser, publicUser } from '@insightdesk/shared/auth';
import type { Executor } from '@insightdesk/shared/db';
import { createOrganization } from '@insightdesk/shared/tenancy';
import { recordOrganizationCreated } from '../audited';
import type { ApiDeps } from '../deps';
import { mailAccountLink } from './account-links';

/**
 * Registration: the account, its first organization (its owner), the verification link on its
 * way and a session — one transaction. A taken address is 409 `email_taken` (`insertUser`).
 */
export async function register(
  deps: Pick<ApiDeps, 'passwords' | 'sessions' | 'invitations'>,
  db: Executor,
  input: { email: string; password: string; name: string; organizationName: string },
  request: AuditRequest,
) {
  const passwordHash = await deps.passwords.hash(input.password);
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, { email: input.email, name: input.name, passwordHash });
    const organization = await createOrganization(tx, user.id, input.organizationName);
    await recordOrganizationCreated(tx, organization, {
      actor: { type: 'user', id: user.id },
      request,
    });
    await mailAccountLink(tx, user.id, 'verify_email', deps.invitations.secret);
    const tokens = await deps.sessions.start(tx, user.id);
    return { user: publicUser(user), organization, tokens };
  });
}
