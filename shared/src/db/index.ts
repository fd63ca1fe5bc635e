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
export { fixed } from './fixed';
export { isoText } from './iso-text';
export {
  journalTable,
  type MigrationOptions,
  type MigrationSet,
  migrationsPending,
  platformMigrations,
  runMigrations,
} from './migrate';
export { MIGRATION_TIMEOUTS, type MigrationTimeouts } from './migration-apply';
export {
  MIGRATION_PHASES,
  type MigrationFile,
  type MigrationPhase,
  migrationMarkers,
  readMigrations,
} from './migration-plan';
export { decodeCursor, encodeCursor, type Page, type Position, toPage } from './pagination';
export {
  isPlannedPerExecution,
  PLANNED_PER_EXECUTION,
  plannedPerExecution,
} from './planned-per-execution';
export type { ReplicaState, ReplicaStatus } from './replicas';
export {
  ensureLoginRole,
  grantServiceRole,
  migrateAsOwner,
  type OwnerSetting,
  roleOf,
} from './roles';
export * as schema from './schema';
export * as columns from './schema/columns';
export { type StatementOptions, sendWithCommit, statement } from './statement';
export {
  databaseUnavailable,
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  type Unavailability,
  whenAvailable,
} from './unavailable';
export { isUuid } from './uuid';
export { notifyAfterCommit } from './wake';
