export { createDatabase, type Database, type DatabaseOptions, type Db } from './client';
export { MIGRATIONS_DIR, runMigrations } from './migrate';
export * as schema from './schema';
