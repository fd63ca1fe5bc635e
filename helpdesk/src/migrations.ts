import { fileURLToPath } from 'node:url';
import type { MigrationSet } from '@insightdesk/shared/db';

/** The help desk's tables: its migrations, run after the platform's (drizzle.__helpdesk_migrations). */
export const helpdeskMigrations: MigrationSet = {
  name: 'helpdesk',
  folder: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  // The single history's 0010 (notifications.ticket_subject) is this set's 0001.
  legacy: { later: { 10: '0001_notification_subject' } },
};
