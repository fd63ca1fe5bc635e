import type { Database } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import { type Purge, purgeExpired } from '@insightdesk/shared/maintenance';
import type { JobData, maintenanceQueue, Processors } from '@insightdesk/shared/queues';
import type { Redis } from '@insightdesk/shared/valkey';

/**
 * The maintenance queue's own jobs (its other jobs are their modules': `recheck-domains` the
 * SSO's, `verify-audit` the audit log's, a product's its own).
 */
export function maintenanceProcessors(deps: {
  database: Database;
  valkey: Redis;
  /** Every module's purges, the platform's first (read when the job runs). */
  purges: () => readonly Purge[];
  logger: Logger;
}): Pick<Processors<typeof maintenanceQueue>, 'purge' | 'noop'> {
  return {
    async purge() {
      const removed = await purgeExpired(deps.database.db, deps.purges());
      deps.logger.info({ removed }, 'purged expired records');
      return removed;
    },
    async noop({ delayMs, marker }: JobData<typeof maintenanceQueue, 'noop'>) {
      if (delayMs > 0) await Bun.sleep(delayMs);
      // Counted at the very end: a run cut short counts nothing.
      if (marker) await deps.valkey.incr(`insightdesk:noop:${marker}`);
      return { done: true };
    },
  };
}
