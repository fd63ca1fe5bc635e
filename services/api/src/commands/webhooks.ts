import { type AuditAction, type AuditEntry, recordAudit } from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import { recordPlatformEvent } from '@insightdesk/shared/platform';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import {
  getEndpoint,
  restartDelivery,
  restartFailedDeliveries,
  rotateEndpointSecret,
} from '@insightdesk/shared/webhooks';
import type { AuditedBy } from '../audited';
import type { ApiDeps } from '../deps';

/**
 * A change to an organization's webhook endpoints (`change` in one transaction: it answers the
 * endpoint's id and what to record — never a secret) and its audit entry, committed together.
 */
export function changeWebhooks<T>(
  db: Executor,
  scope: OrgScope,
  audit: AuditedBy,
  action: Extract<AuditAction, `webhook.${string}`>,
  change: (
    tx: Executor,
  ) => Promise<{ result: T; endpointId: string; recorded: AuditEntry['change'] }>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const { result, endpointId, recorded } = await change(tx);
    await recordAudit(tx, {
      organizationId: scope.orgId,
      ...audit,
      action,
      target: { type: 'webhook', id: endpointId },
      change: recorded,
    });
    return result;
  });
}

/** At most this many failed deliveries come back per recovery (call again for more). */
export const RECOVER_LIMIT = 1000;

/** A new secret for an endpoint; the old one signs beside it for `graceSeconds`. */
export function rotateWebhookSecret(
  deps: Pick<ApiDeps, 'cipher'>,
  db: Executor,
  scope: OrgScope,
  audit: AuditedBy,
  endpointId: string,
  graceSeconds: number,
) {
  return changeWebhooks(db, scope, audit, 'webhook.secret-rotated', async (tx) => ({
    result: await rotateEndpointSecret(tx, scope, endpointId, deps.cipher, graceSeconds),
    endpointId,
    recorded: { graceSeconds },
  }));
}

/**
 * Deliveries made pending again — one (redeliver) or the endpoint's failed ones since a time
 * (recover) — and, in the same transaction, the event from which the worker adds their jobs.
 * Answers how many.
 */
export function restartWebhookDeliveries(
  db: Executor,
  scope: OrgScope,
  endpointId: string,
  which: { deliveryId: string } | { since: Date },
): Promise<number> {
  return db.transaction(async (tx) => {
    let deliveryIds: string[];
    if ('deliveryId' in which) {
      await restartDelivery(tx, scope, endpointId, which.deliveryId);
      deliveryIds = [which.deliveryId];
    } else {
      await getEndpoint(tx, scope, endpointId);
      deliveryIds = await restartFailedDeliveries(tx, endpointId, which.since, RECOVER_LIMIT);
    }
    if (deliveryIds.length > 0)
      await recordPlatformEvent(tx, scope.orgId, 'webhook.deliveries-restarted', {
        endpointId,
        deliveryIds,
      });
    return deliveryIds.length;
  });
}
