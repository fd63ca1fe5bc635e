import { type ApiEnv, auditedBy, type RouteDeps } from '@insightdesk/shared/api';
import { type AuditAction, type AuditEntry, recordAudit } from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import type { Context } from 'hono';

/** Who acted and from where (the route's `auditedBy`), handed to a command. */
export type AuditedBy = Pick<AuditEntry, 'actor' | 'request'>;

/** The account a deployment-chain entry is about. */
export const userTarget = (userId: string) => ({ type: 'user', id: userId }) as const;

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
  ) =>
    recordAudit(tx, {
      organizationId: null,
      ...auditedBy(c, deps),
      action,
      target: userTarget(userId),
      ...(change ? { change } : {}),
    });
}
