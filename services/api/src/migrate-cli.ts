import { auditRetentionSetting } from '@insightdesk/shared/audit';
import { auditConfig, dbConfig, loadConfig, logConfig } from '@insightdesk/shared/config';
import { createDatabase, migrateAsOwner } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { product } from './product';

// `bun run db:migrate` (the image's `migrate`): applies the platform's migrations, then the
// product's, once (./stack runs it during bootstrap; the api also migrates on start), as the owner
// of the schema (DATABASE_OWNER_URL), then grants the services' role (DATABASE_URL) its share and
// writes what only the owner sets (audit retention, AUDIT_RETENTION_DAYS).
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
  );
} finally {
  await database.close();
}
