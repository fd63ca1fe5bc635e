import { defineConfig } from 'drizzle-kit';

// The platform's migrations: `bun run db:generate --name <what>` writes a new SQL migration from
// the diff of the platform's schema; review and commit it. (A product has a set of its own, with
// its own config: helpdesk/drizzle.config.ts.)
export default defineConfig({
  dialect: 'postgresql',
  schema: './shared/src/db/schema/index.ts',
  out: './shared/src/db/migrations',
});
