import { platformPurges } from '@insightdesk/shared/maintenance';
import { maintenanceProcessors } from '../processors/maintenance';
import type { PlatformWorkerModule } from './deps';

/** Housekeeping: the `purge` job runs every module's purges (these first), and the `noop` baseline. */
export const queuesWorker: PlatformWorkerModule = {
  name: 'queues',
  start: (deps) => ({
    processors: {
      maintenance: maintenanceProcessors({
        database: deps.database,
        valkey: deps.valkey,
        purges: () => deps.gathered().purges,
        logger: deps.logger,
      }),
    },
    purges: platformPurges,
  }),
};
