import { defineProduct, type ProductRouteDeps } from '@insightdesk/shared/product';
import { helpdeskConfig, helpdeskFeatures } from './config';
import { helpdeskEvents } from './events';
import { helpdeskMigrations } from './migrations';
import { helpdeskClientEvents, helpdeskEphemeralEvents } from './protocol';
import { helpdeskJobs, helpdeskQueues, helpdeskSchedules } from './queues';
import { helpdeskRoles } from './roles';

/** The help desk, as the platform knows it: what it declares for every service. */
export const helpdeskCatalog = defineProduct({
  name: 'helpdesk',
  roles: helpdeskRoles,
  events: helpdeskEvents,
  queues: helpdeskQueues,
  jobs: helpdeskJobs,
  schedules: helpdeskSchedules,
  clientEvents: helpdeskClientEvents,
  ephemeralEvents: helpdeskEphemeralEvents,
  migrations: helpdeskMigrations,
  config: helpdeskConfig,
  features: helpdeskFeatures,
});

/** What the api hands the help desk's routes: the deployment's flags by name, its config typed. */
export type HelpdeskRouteDeps = ProductRouteDeps<typeof helpdeskCatalog>;
