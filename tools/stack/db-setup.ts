import { ConfigError, dbConfig, loadConfig, logConfig } from '@insightdesk/shared/config';
import { createDatabase, runMigrations } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { product } from '../../services/api/src/product';
import { stackConfig } from './config';
import { paths } from './paths';
import { superuser } from './pg-superuser';

// One-shot step of the local stack, run after PostgreSQL is up: creates the application role
// and database named by DATABASE_URL (idempotent), then applies the migrations: the platform's,
// then those of the product the api runs.
function loadSettings() {
  try {
    return loadConfig({ stack: stackConfig, db: dbConfig, log: logConfig }, { dir: paths.root });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // The same words the services use: `./stack` recognises them and names the variables.
    console.error(`db-setup: ${err.message}`);
    process.exit(1);
  }
}
const config = loadSettings();
const logger = createLogger({ service: 'db-setup', instance: 'stack', ...config.log });
const target = new URL(config.db.url);
const role = decodeURIComponent(target.username);
const password = decodeURIComponent(target.password);
const database = target.pathname.slice(1);

const admin = superuser(config.stack.pgPort);
try {
  const [existingRole] = await admin`select 1 from pg_roles where rolname = ${role}`;
  if (!existingRole) {
    await admin.unsafe(
      `create role "${role.replaceAll('"', '""')}" login password '${password.replaceAll("'", "''")}'`,
    );
    logger.info({ role }, 'created role');
  }
  const [existingDb] = await admin`select 1 from pg_database where datname = ${database}`;
  if (!existingDb) {
    await admin.unsafe(
      `create database "${database.replaceAll('"', '""')}" owner "${role.replaceAll('"', '""')}"`,
    );
    logger.info({ database }, 'created database');
  }
} finally {
  await admin.end();
}

const db = createDatabase({ ...config.db, poolMax: 2, applicationName: 'stack-db-setup', logger });
try {
  await runMigrations(db, logger, deploymentCatalog(product.catalog).migrations);
} finally {
  await db.close();
}
