import type { Database } from '@insightdesk/shared/db';
import type { Processors, QueueDeclaration, QueueHandle } from '@insightdesk/shared/queues';
import { refreshAnalyticsRollups } from '../analytics';
import type { helpdeskMaintenanceJobs, slaQueue } from '../queues';
import { organizationsWithFeeds } from '../sla/calendars';

/** The help desk's jobs on the platform's `maintenance` queue. */
export function maintenanceProcessors(deps: {
  database: Database;
  slaQueue: QueueHandle<typeof slaQueue>;
}): Processors<QueueDeclaration<(typeof helpdeskMaintenanceJobs)['jobs']>> {
  return {
    async 'analytics-rollup'() {
      return { organizations: await refreshAnalyticsRollups(deps.database.db) };
    },
    /** One import a day per feed: the job id names the day, so a rerun adds none. */
    async 'sla-calendar-feeds'() {
      const day = new Date().toISOString().slice(0, 10);
      const orgIds = await organizationsWithFeeds(deps.database.db);
      for (const orgId of orgIds)
        await deps.slaQueue.add(
          'import-calendar',
          { orgId, run: `daily-${day}` },
          { jobId: `sla-feed-${orgId}-daily-${day}`, group: orgId },
        );
      return { feeds: orgIds.length };
    },
  };
}
