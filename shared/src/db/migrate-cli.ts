import { dbConfig, loadConfig, logConfig } from '../config';
import { createLogger } from '../logger';
import { createDatabase } from './client';
import { runMigrations } from './migrate';

// `bun run db:migrate`: applies migrations once (the stack runs it during bootstrap).
const config = loadConfig({ db: dbConfig, log: logConfig });
const logger = createLogger({ service: 'migrate', instance: 'cli', ...config.log });
const database = createDatabase({ ...config.db, applicationName: 'insightdesk-migrate', logger });
try {
  await runMigrations(database, logger);
} finally {
  await database.close();
}
