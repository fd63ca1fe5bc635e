import { readFileSync } from 'node:fs';
import { auditRetentionSetting } from '@insightdesk/shared/audit';
import {
  auditConfig,
  ConfigError,
  dbConfig,
  loadConfig,
  logConfig,
} from '@insightdesk/shared/config';
import { createDatabase, ensureLoginRole, migrateAsOwner, roleOf } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { deploymentCatalog } from '@insightdesk/shared/product';
import { product } from '../../services/api/src/product';
import { stackConfig } from './config';
import { ensureStatementStatistics } from './monitoring/database';
import { paths } from './paths';
import { superuser } from './pg-superuser';

// One-shot step of the local stack, run after PostgreSQL is up: creates the two roles — the
// owner of the schema (DATABASE_OWNER_URL), which owns the database and runs the migrations, and
// the services' role (DATABASE_URL), granted its share after them — and the database
// (idempotent; the roles as `migrate` makes the services' one: ensureLoginRole), then applies the migrations: the platform's, then those of the product the api
// runs, and writes what only the owner sets (audit retention). With a DATABASE_URL alone, that one
// role is both.
function loadSettings() {
  try {
    return loadConfig(
      { stack: stackConfig, db: dbConfig, audit: auditConfig, log: logConfig },
      { dir: paths.root },
    );
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // The same words the services use: `./stack` recognises them and names the variables.
    console.error(`db-setup: ${err.message}`);
    process.exit(1);
  }
}
const config = loadSettings();
const logger = createLogger({ service: 'db-setup', instance: 'stack', ...config.log });
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const database = new URL(config.db.url).pathname.slice(1);

const admin = superuser(config.stack.pgPort);
try {
  for (const url of new Set([config.db.ownerUrl, config.db.url])) {
    if ((await ensureLoginRole(admin, url)) === 'created')
      logger.info({ role: roleOf(url) }, 'created role');
  }
  const [existingDb] = await admin`select 1 from pg_database where datname = ${database}`;
  if (!existingDb) {
    await admin.unsafe(
      `create database ${quoted(database)} owner ${quoted(roleOf(config.db.ownerUrl))}`,
    );
    logger.info({ database }, 'created database');
  }
} finally {
  await admin.end();
}
// pg_stat_statements' view in the application's database (its module is preloaded by the
// server's settings, postgres-statements.ts): the top statements an operator and the exporter read.
await ensureStatementStatistics({
  port: config.stack.pgPort,
  database,
  superuserPassword: readFileSync(paths.pgSuperuserPassword, 'utf8').trim(),
});

const connect = (url: string) =>
  createDatabase({ url, poolMax: 2, applicationName: 'stack-db-setup', logger });
const db = connect(config.db.url);
try {
  await migrateAsOwner(
    config.db,
    db,
    connect,
    logger,
    deploymentCatalog(product.catalog).migrations,
    [auditRetentionSetting(config.audit.retentionDays)],
    // The local stack runs one release: both phases.
    { phase: 'contract' },
  );
} finally {
  await db.close();
}
