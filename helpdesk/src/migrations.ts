import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@insightdesk/shared/db';

/** The help desk's tables: its migrations, run after the platform's (drizzle.__helpdesk_migrations). */
export const helpdeskMigrations: MigrationSet = {
  name: 'helpdesk',
  folder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  adoptsLegacyHistory: true,
};
