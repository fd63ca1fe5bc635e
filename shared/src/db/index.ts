export { and, asc, desc, eq, gt, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
export {
  createDatabase,
  type Database,
  type DatabaseOptions,
  type Db,
  type Executor,
  type Tx,
} from './client';
export { isForeignKeyViolation, isUniqueViolation } from './errors';
export { isoText } from './iso-text';
export { MIGRATIONS_DIR, runMigrations } from './migrate';
export type { ReplicaState, ReplicaStatus } from './replicas';
export * as schema from './schema';
