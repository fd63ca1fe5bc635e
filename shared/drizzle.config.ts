import { defineConfig } from 'drizzle-kit';

// `bun run db:generate` writes a new SQL migration from the schema diff; review and commit it.
export default defineConfig({
  dialect: 'postgresql',
  schema: './shared/src/db/schema/index.ts',
  out: './shared/src/db/migrations',
});
