import { sql } from 'drizzle-orm';
import { purgeAccountTokens } from '../auth/account-tokens';
import { purgeRefreshTokens } from '../auth/sessions';
import type { Executor } from '../db';
import { purgeInvitations } from '../helpdesk/invitations';
import { purgeDeliveries } from '../mail/deliveries';
import { purgeNotifications } from '../notifications';

/** Housekeeping of the maintenance schedule; returns what each step removed. */
export async function purgeExpired(db: Executor): Promise<Record<string, number>> {
  const idempotency = await db.execute(
    sql`delete from idempotency_keys where expires_at < now() returning key`,
  );
  const outbox = await db.execute(
    sql`delete from outbox where relayed_at < now() - interval '7 days' returning id`,
  );
  return {
    refreshTokens: await purgeRefreshTokens(db),
    accountTokens: await purgeAccountTokens(db),
    notifications: await purgeNotifications(db),
    invitations: await purgeInvitations(db),
    idempotencyKeys: idempotency.length,
    outbox: outbox.length,
    emailDeliveries: await purgeDeliveries(db),
  };
}
