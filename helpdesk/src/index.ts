/*
 * The help desk, an example product on the InsightDesk platform: what it declares to the
 * platform (its catalogue: events, queues, jobs, schedules, socket events), and its public
 * shapes. Its service parts are exported per service (`@insightdesk/helpdesk/api`, `/worker`,
 * `/ws`) so that each service loads only its own (the api never loads sharp).
 */
export { helpdeskCatalog } from './catalog';
export { type HelpdeskEvents, helpdeskEvents } from './events';
export { helpdeskMigrations } from './migrations';
export {
  type ClientEventError,
  type ClientToServerEvents,
  type HelpdeskEphemeral,
  helpdeskClientEvents,
  helpdeskEphemeralEvents,
  type ServerToClientEvents,
  type Viewer,
  viewer,
} from './protocol';
export {
  attachmentsQueue,
  exportsQueue,
  helpdeskEmailJobs,
  helpdeskJobs,
  helpdeskMaintenanceJobs,
  helpdeskQueues,
  helpdeskSchedules,
} from './queues';
export * from './schemas';
