import { auditRetentionSetting } from '@insightdesk/shared/audit';
import { auditConfig, dbConfig, loadConfig, logConfig } from '@insightdesk/shared/config';
import {
  createDatabase,
  MIGRATION_PHASES,
  type MigrationPhase,
  migrateAsOwner,
} from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { product } from './product';

// `bun run db:migrate [--phase expand|contract]` (the image's `migrate`): applies the platform's
// migrations, then the product's, once (./stack runs it during bootstrap; the api also migrates
// on start, the expand phase only), as the owner of the schema (DATABASE_OWNER_URL), then grants
// the services' role (DATABASE_URL) its share and writes what only the owner sets (audit
// retention, AUDIT_RETENTION_DAYS). The expand phase (the default) applies what the release
// before survives, before any instance is replaced; the contract phase everything, once no
// instance of the release before is left (docs/deployment.md#upgrading-without-a-pause).
const phaseArg = process.argv.indexOf('--phase');
const phase = (phaseArg < 0 ? 'expand' : process.argv[phaseArg + 1]) as MigrationPhase;
if (!MIGRATION_PHASES.includes(phase)) {
  console.error(`migrate: --phase takes ${MIGRATION_PHASES.join(' or ')}`);
  process.exit(2);
}
const config = loadConfig({ db: dbConfig, audit: auditConfig, log: logConfig });
const logger = createLogger({ service: 'migrate', instance: 'cli', ...config.log });
const connect = (url: string) =>
  createDatabase({ url, poolMax: 2, applicationName: 'insightdesk-migrate', logger });
const database = connect(config.db.url);
try {
  await migrateAsOwner(
    config.db,
    database,
    connect,
    logger,
    deploymentCatalog(product.catalog).migrations,
    [auditRetentionSetting(config.audit.retentionDays)],
    { phase },
  );
} finally {
  await database.close();
}
