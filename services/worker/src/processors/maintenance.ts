import type { Database } from '@insightdesk/shared/db';
import { refreshAnalyticsRollups } from '@insightdesk/shared/helpdesk';
import type { Logger } from '@insightdesk/shared/logger';
import { purgeExpired } from '@insightdesk/shared/maintenance';
import type { JobData, maintenanceQueue } from '@insightdesk/shared/queues';
import type { Storage } from '@insightdesk/shared/storage';
import type { Redis } from '@insightdesk/shared/valkey';
import type { Processors } from './types';

export function maintenanceProcessors(deps: {
  database: Database;
  valkey: Redis;
  storage: Storage;
  logger: Logger;
}): Processors<typeof maintenanceQueue> {
  return {
    async 'analytics-rollup'() {
      return { organizations: await refreshAnalyticsRollups(deps.database.db) };
    },
    async purge() {
      const removed = await purgeExpired(deps.database.db, deps.storage);
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
