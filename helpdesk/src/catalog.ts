import { defineProduct } from '@insightdesk/shared/product';
import { helpdeskEvents } from './events';
import { helpdeskMigrations } from './migrations';
import { helpdeskClientEvents, helpdeskEphemeralEvents } from './protocol';
import { helpdeskJobs, helpdeskQueues, helpdeskSchedules } from './queues';

/** The help desk, as the platform knows it: what it declares for every service. */
export const helpdeskCatalog = defineProduct({
  name: 'helpdesk',
  events: helpdeskEvents,
  queues: helpdeskQueues,
  jobs: helpdeskJobs,
  schedules: helpdeskSchedules,
  clientEvents: helpdeskClientEvents,
  ephemeralEvents: helpdeskEphemeralEvents,
  migrations: helpdeskMigrations,
});
