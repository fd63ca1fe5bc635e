import { purgeAccountTokens } from '../auth/account-tokens';
import { purgeRefreshTokens } from '../auth/sessions';
import type { Executor } from '../db';
import { purgeRelayedOutbox } from '../events/outbox';
import { purgeExports } from '../exports';
import { purgeInvitations } from '../helpdesk/invitations';
import { purgeIdempotencyKeys } from '../idempotency';
import { purgeDeliveries } from '../mail/deliveries';
import { purgeNotifications } from '../notifications';
import type { Storage } from '../storage';

/**
 * Housekeeping of the maintenance schedule: each table's owner purges its own; returns what each
 * step removed.
 */
export async function purgeExpired(
  db: Executor,
  storage: Pick<Storage, 'delete'>,
): Promise<Record<string, number>> {
  const exportFiles = await purgeExports(db);
  for (const key of exportFiles) await storage.delete(key).catch(() => undefined);
  return {
    refreshTokens: await purgeRefreshTokens(db),
    accountTokens: await purgeAccountTokens(db),
    notifications: await purgeNotifications(db),
    invitations: await purgeInvitations(db),
    idempotencyKeys: await purgeIdempotencyKeys(db),
    outbox: await purgeRelayedOutbox(db),
    exports: exportFiles.length,
    emailDeliveries: await purgeDeliveries(db),
  };
}
