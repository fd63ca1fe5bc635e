import type { Executor } from '@insightdesk/shared/db';
import { recordPlatformEvent } from '@insightdesk/shared/events';
import type { OrgScope } from '@insightdesk/shared/tenancy';
import {
  getEndpoint,
  restartDelivery,
  restartFailedDeliveries,
  rotateEndpointSecret,
} from '@insightdesk/shared/webhooks';
import type { ApiDeps } from '../deps';

/** At most this many failed deliveries come back per recovery (call again for more). */
export const RECOVER_LIMIT = 1000;

/** A new secret for an endpoint; the old one signs beside it for `graceSeconds`. */
export function rotateWebhookSecret(
  deps: Pick<ApiDeps, 'cipher'>,
  db: Executor,
  scope: OrgScope,
  endpointId: string,
  graceSeconds: number,
) {
  return db.transaction((tx) =>
    rotateEndpointSecret(tx, scope, endpointId, deps.cipher, graceSeconds),
  );
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
