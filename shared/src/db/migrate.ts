import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Logger } from '../logger';
import type { Database } from './client';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies pending migrations. A session-level advisory lock serializes concurrent callers
 * (two api instances starting at once): the second waits, then finds nothing left to do.
 */
export async function runMigrations(database: Database, logger: Logger): Promise<void> {
  const lock = await database.sql.reserve();
  try {
    const t0 = performance.now();
    await lock`select pg_advisory_lock(hashtext('insightdesk:migrations'))`;
    await migrate(database.db, { migrationsFolder: MIGRATIONS_DIR });
    logger.info({ ms: Math.round(performance.now() - t0) }, 'migrations applied');
  } finally {
    await lock`select pg_advisory_unlock(hashtext('insightdesk:migrations'))`.catch(
      () => undefined,
    );
    lock.release();
  }
}
