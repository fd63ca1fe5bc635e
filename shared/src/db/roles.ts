import { getTableName } from 'drizzle-orm';
import type { Sql } from 'postgres';
import type { Logger } from '../logger';
import type { Database } from './client';
import {
  type MigrationOptions,
  type MigrationSet,
  migrationsPending,
  runMigrations,
} from './migrate';
import { auditAnchors, auditLog, auditSettings } from './schema';

/** The tables the services may only append to and read (the audit log), or only read. */
const APPEND_ONLY = [getTableName(auditLog)];
const READ_ONLY = [getTableName(auditAnchors), getTableName(auditSettings)];

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * What the services' role may do, granted by the owner of the schema after its migrations: read
 * and write every table of the schema (the platform's and the product's), but only INSERT and
 * SELECT the audit log, only SELECT its anchors and its settings, and call `audit_prune`
 * (retention, which runs as the owner and removes what the settings say). Idempotent: run after
 * every migration run, so a new table is granted too.
 */
export async function grantServiceRole(owner: Database, serviceRole: string): Promise<void> {
  const role = ident(serviceRole);
  await owner.sql.begin(async (tx) => {
    const [database] = await tx<{ name: string }[]>`select current_database() as name`;
    await tx.unsafe(`grant connect on database ${ident(database?.name ?? '')} to ${role}`);
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
    // The migrations' journals, read-only: a start finds nothing pending on its own connection.
    await tx.unsafe(`grant usage on schema drizzle to ${role}`);
    await tx.unsafe(`grant select on all tables in schema drizzle to ${role}`);
  });
}

/** The role a postgres:// URL connects as. */
export const roleOf = (url: string) => decodeURIComponent(new URL(url).username);

/**
 * The login role a postgres:// URL names, with the URL's password, created when it is missing (a
 * role that exists is left as it is). `sql` connects as a role that may create roles: the local
 * stack's superuser, or the owner of the schema where it has CREATEROLE (a managed provider's
 * admin role, compose's POSTGRES_USER). The one definition of the services' role, wherever it is
 * made (tools/stack/db-setup.ts, `migrate`).
 */
export async function ensureLoginRole(sql: Sql, url: string): Promise<'created' | 'exists'> {
  const role = roleOf(url);
  const [existing] = await sql`select 1 from pg_roles where rolname = ${role}`;
  if (existing) return 'exists';
  const password = decodeURIComponent(new URL(url).password);
  await sql.unsafe(`create role ${ident(role)} login password '${password.replaceAll("'", "''")}'`);
  return 'created';
}

/** Whether the role `sql` connects as may create the services' role (superuser or CREATEROLE). */
async function mayCreateRoles(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ allowed: boolean }[]>`
    select rolsuper or rolcreaterole as allowed from pg_roles where rolname = current_user`;
  return row?.allowed === true;
}

/**
 * A value of the configuration that only the owner of the schema writes, when migrations run (the
 * services' role may read it, never change it): audit retention. `holds` reads, on the services'
 * connection, whether the database already says what the configuration says; `apply` writes it
 * as the owner.
 */
export interface OwnerSetting {
  readonly name: string;
  holds(database: Database): Promise<boolean>;
  apply(owner: Database): Promise<void>;
}

/** The settings the database does not hold yet (a read that fails counts as not held). */
async function unheld(database: Database, settings: readonly OwnerSetting[]) {
  const held = await Promise.all(settings.map((s) => s.holds(database).catch(() => false)));
  return settings.filter((_, i) => !held[i]);
}

async function applySettings(owner: Database, settings: readonly OwnerSetting[], logger: Logger) {
  for (const setting of settings) await setting.apply(owner);
  if (settings.length > 0)
    logger.info({ settings: settings.map((s) => s.name) }, "owner's settings written");
}

/**
 * Migrations as the owner of the schema (DATABASE_OWNER_URL), then the services' role's grants,
 * then the owner's settings. The services' role is created first when it is missing and the
 * owner may create roles (otherwise it must exist: docs/deployment.md#database-roles). With one
 * role for both (no owner URL) it is `runMigrations` and the settings on the services' own
 * connection. Nothing pending and every setting held (checked on the services' connection):
 * nothing to do, not even the owner's connection. `options.phase`: expand (the default: what an
 * api starting beside the release before may run) or contract (migrate-cli.ts --phase contract).
 */
export async function migrateAsOwner(
  config: { readonly url: string; readonly ownerUrl: string },
  database: Database,
  connectOwner: (url: string) => Database,
  logger: Logger,
  sets: readonly MigrationSet[],
  settings: readonly OwnerSetting[] = [],
  options: MigrationOptions = {},
): Promise<void> {
  const pending = await migrationsPending(database, sets, options.phase);
  const stale = pending ? settings : await unheld(database, settings);
  if (!pending && stale.length === 0) {
    logger.info({ sets: sets.map((s) => s.name) }, 'migrations: none pending');
    return;
  }
  if (roleOf(config.ownerUrl) === roleOf(config.url)) {
    if (pending) await runMigrations(database, logger, sets, options);
    await applySettings(database, stale, logger);
    return;
  }
  const owner = connectOwner(config.ownerUrl);
  try {
    if (pending) {
      const service = roleOf(config.url);
      const [exists] = await owner.sql`select 1 from pg_roles where rolname = ${service}`;
      if (!exists) {
        if (!(await mayCreateRoles(owner.sql)))
          throw new Error(
            `the services' role ${service} does not exist and the owner may not create it: create it (docs/deployment.md#database-roles)`,
          );
        await ensureLoginRole(owner.sql, config.url);
        logger.info({ role: service }, "created the services' role");
      }
      await runMigrations(owner, logger, sets, options);
      await grantServiceRole(owner, service);
    }
    await applySettings(owner, stale, logger);
  } finally {
    await owner.close();
  }
}
