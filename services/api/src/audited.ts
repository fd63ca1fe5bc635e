import { type ApiEnv, auditRequest, type RouteDeps } from '@insightdesk/shared/api';
import {
  type AuditAction,
  type AuditEntry,
  type AuditRequest,
  recordAudit,
} from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import type { Context } from 'hono';

/** Who acted and from where (the route's `auditedBy`), handed to a command. */
export type AuditedBy = Pick<AuditEntry, 'actor' | 'request'>;

/** The first entry of an organization's chain: its creation, by its first owner. */
export function recordOrganizationCreated(
  tx: Executor,
  organization: { readonly id: string; readonly name: string },
  audit: AuditedBy,
) {
  return recordAudit(tx, {
    organizationId: organization.id,
    ...audit,
    action: 'organization.created',
    target: { type: 'organization', id: organization.id },
    change: { name: organization.name },
  });
}

/** The account a deployment-chain entry is about. */
export const userTarget = (userId: string) => ({ type: 'user', id: userId }) as const;

/** A user's act on their own account (the deployment's chain), from `request`. */
export function ownAccountAct(
  userId: string,
  action: AuditAction,
  request: AuditRequest,
  change?: AuditEntry['change'],
): AuditEntry {
  return {
    organizationId: null,
    actor: { type: 'user', id: userId },
    request,
    action,
    target: userTarget(userId),
    ...(change ? { change } : {}),
  };
}

/**
 * Records an act on an account (no organization: the deployment's chain) by the signed-in user,
 * in the transaction of the act.
 */
export function accountAudit(deps: Pick<RouteDeps, 'clientIpHeader'>) {
  return (
    tx: Executor,
    c: Context<ApiEnv>,
    userId: string,
    action: AuditAction,
    change?: AuditEntry['change'],
  ) => recordAudit(tx, ownAccountAct(userId, action, auditRequest(c, deps), change));
}
