import { workerConfig } from '../config/groups';
import { maintenanceQueue } from './catalog';

/** The queues' consumers (the worker's settings) and housekeeping: the maintenance queue, its purge. */
export const queuesModule = {
  name: 'queues',
  config: { worker: workerConfig },
  queues: { maintenance: maintenanceQueue },
  schedules: [{ id: 'purge', job: 'purge', every: 15 * 60_000 }],
} as const;
