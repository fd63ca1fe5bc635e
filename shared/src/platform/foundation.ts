import {
  appConfig,
  dbConfig,
  httpConfig,
  lifecycleConfig,
  logConfig,
  monitoringConfig,
  platformConfig,
  valkeyConfig,
} from '../config/groups';
import { platformMigrations } from '../db/migrate';

/**
 * What every service stands on (the service kit, the database, Valkey, monitoring): its
 * configuration, and the platform's tables — one migration set, whichever concern owns each table
 * (docs/architecture.md#tables-and-their-owners).
 */
export const foundationModule = {
  name: 'foundation',
  config: {
    app: appConfig,
    log: logConfig,
    http: httpConfig,
    lifecycle: lifecycleConfig,
    db: dbConfig,
    valkey: valkeyConfig,
    monitoring: monitoringConfig,
  },
  migrations: platformMigrations,
} as const;

/** The platform's operators (PLATFORM_ADMINS): the queue dashboard, the flags' overrides. */
export const operatorsModule = {
  name: 'operators',
  config: { platform: platformConfig },
} as const;
