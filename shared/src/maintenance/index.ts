import { purgeAccountTokens } from '../auth/account-tokens';
import { purgeRefreshTokens } from '../auth/sessions';
import type { Executor } from '../db';
import { purgeParkedOutbox, purgeRelayedOutbox } from '../events/outbox';
import { purgeIdempotencyKeys } from '../idempotency';
import { purgeDeliveries } from '../mail/deliveries';
import { purgeInvitations } from '../tenancy/invitations';

/** A table's purge: its owner removes what expired and answers how many rows went. */
export interface Purge {
  /** The key of its count in the purge job's result. */
  readonly name: string;
  run(db: Executor): Promise<number>;
}

/** The platform's tables' purges (the queues' module registers them; a product its own: its worker part's `purges`). */
export const platformPurges: readonly Purge[] = [
  { name: 'refreshTokens', run: purgeRefreshTokens },
  { name: 'accountTokens', run: purgeAccountTokens },
  { name: 'invitations', run: purgeInvitations },
  { name: 'idempotencyKeys', run: purgeIdempotencyKeys },
  { name: 'outbox', run: purgeRelayedOutbox },
  { name: 'outboxParked', run: purgeParkedOutbox },
  { name: 'emailDeliveries', run: purgeDeliveries },
];

/**
 * Housekeeping of the maintenance schedule: each table's owner purges its own, one after the
 * other; returns what each step removed.
 */
export async function purgeExpired(
  db: Executor,
  purges: readonly Purge[],
): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  for (const purge of purges) removed[purge.name] = await purge.run(db);
  return removed;
}
