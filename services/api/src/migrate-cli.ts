import { dbConfig, loadConfig, logConfig } from '@insightdesk/shared/config';
import { createDatabase, runMigrations } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { product } from './product';

// `bun run db:migrate` (the image's `migrate`): applies the platform's migrations, then the
// product's, once (./stack runs it during bootstrap; the api also migrates on start).
const config = loadConfig({ db: dbConfig, log: logConfig });
const logger = createLogger({ service: 'migrate', instance: 'cli', ...config.log });
const database = createDatabase({ ...config.db, applicationName: 'insightdesk-migrate', logger });
try {
  await runMigrations(database, logger, deploymentCatalog(product.catalog).migrations);
} finally {
  await database.close();
}
