import { getTableName } from 'drizzle-orm';
import type { Logger } from '../logger';
import type { Database } from './client';
import { type MigrationSet, runMigrations } from './migrate';
import { auditAnchors, auditLog } from './schema';

/** The tables the services may only append to and read (the audit log and its anchors). */
const APPEND_ONLY = [getTableName(auditLog)];
const READ_ONLY = [getTableName(auditAnchors)];

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What the services' role may do, granted by the owner of the schema after its migrations: read
 * and write every table of the schema (the platform's and the product's), but only INSERT and
 * SELECT the audit log, only SELECT its anchors, and call `audit_prune` (retention, which runs
 * as the owner). Idempotent: run after every migration run, so a new table is granted too.
 */
export async function grantServiceRole(owner: Database, serviceRole: string): Promise<void> {
  const role = ident(serviceRole);
  await owner.sql.begin(async (tx) => {
    await tx.unsafe(`grant usage on schema public to ${role}`);
    await tx.unsafe(
      `grant select, insert, update, delete on all tables in schema public to ${role}`,
    );
    await tx.unsafe(`grant usage, select, update on all sequences in schema public to ${role}`);
    for (const table of [...APPEND_ONLY, ...READ_ONLY])
      await tx.unsafe(
        `revoke update, delete, truncate, references, trigger on ${ident(table)} from ${role}`,
      );
    for (const table of READ_ONLY) await tx.unsafe(`revoke insert on ${ident(table)} from ${role}`);
    await tx.unsafe(`grant execute on function audit_prune(integer) to ${role}`);
  });
}

/** The role a postgres:// URL connects as. */
export const roleOf = (url: string) => decodeURIComponent(new URL(url).username);

/**
 * Migrations as the owner of the schema (DATABASE_OWNER_URL), then the services' role's grants.
 * With one role for both (no owner URL) it is `runMigrations` on the services' own connection.
 */
export async function migrateAsOwner(
  config: { readonly url: string; readonly ownerUrl: string },
  database: Database,
  connectOwner: (url: string) => Database,
  logger: Logger,
  sets: readonly MigrationSet[],
): Promise<void> {
  if (roleOf(config.ownerUrl) === roleOf(config.url)) {
    await runMigrations(database, logger, sets);
    return;
  }
  const owner = connectOwner(config.ownerUrl);
  try {
    await runMigrations(owner, logger, sets);
    await grantServiceRole(owner, roleOf(config.url));
  } finally {
    await owner.close();
  }
}
