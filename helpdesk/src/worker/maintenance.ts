import type { Database } from '@insightdesk/shared/db';
import type { Processors, QueueDeclaration } from '@insightdesk/shared/queues';
import { refreshAnalyticsRollups } from '../analytics';
import type { helpdeskMaintenanceJobs } from '../queues';

/** The help desk's jobs on the platform's `maintenance` queue. */
export function maintenanceProcessors(deps: {
  database: Database;
}): Processors<QueueDeclaration<(typeof helpdeskMaintenanceJobs)['jobs']>> {
  return {
    async 'analytics-rollup'() {
      return { organizations: await refreshAnalyticsRollups(deps.database.db) };
    },
  };
}
