import { defineConfig } from 'drizzle-kit';

// The help desk's migrations, run after the platform's (`bun run db:generate:helpdesk --name
// <what>`): its tables only; those of the platform it references stay the platform's.
export default defineConfig({
  dialect: 'postgresql',
  schema: './helpdesk/src/db/schema.ts',
  out: './helpdesk/src/db/migrations',
});
