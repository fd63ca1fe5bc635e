import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@insightdesk/shared/db';

/** The fixture product's tables, run after the platform's (drizzle.__fixture_migrations). */
export const fixtureMigrations: MigrationSet = {
  name: 'fixture',
  folder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
};
