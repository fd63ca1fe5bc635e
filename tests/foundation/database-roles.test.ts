import { afterAll, describe, expect, test } from 'bun:test';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createDatabase, migrationsPending } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import postgres from 'postgres';
import { superuser } from '../../tools/stack/pg-superuser';
import { pathWithThisBun } from '../support/bun-path';
import { deployment } from '../support/deployment';
import { ports, ROOT } from '../support/stack';

// What every deployment file does (compose's `migrate` service, the Kubernetes Job, Fly.io's
// release command, Railway's pre-deploy command): the image's `migrate` as the owner of the
// schema, on a database where the services' role does not exist yet. The owner creates that role
// (it may: CREATEROLE, like a managed provider's admin role or compose's POSTGRES_USER), migrates,
// and grants it its share: it may read and write the tables, only append to the audit log.

const run = `${process.pid}`;
const database = `insightdesk_roles_${run}`;
const owner = { role: `idroles_owner_${run}`, password: randomBytes(12).toString('hex') };
const service = { role: `idroles_app_${run}`, password: randomBytes(12).toString('hex') };
const url = (who: { role: string; password: string }) =>
  `postgres://${who.role}:${who.password}@127.0.0.1:${ports.pgPort}/${database}`;

/** The image's entrypoint, run from the checkout as the container runs it from /app. */
function entrypoint(command: string, env: Record<string, string>) {
  const result = Bun.spawnSync(['sh', join(ROOT, 'deploy/entrypoint.sh'), command], {
    cwd: ROOT,
    // The image has Bun on its PATH; here it is this very one.
    env: { PATH: pathWithThisBun(), HOME: process.env.HOME ?? '/tmp', ...env },
    stdout: 'pipe',
    stderr: 'pipe',
  });
  return {
    exitCode: result.exitCode,
    output: result.stdout.toString() + result.stderr.toString(),
  };
}

const silent = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });

const admin = superuser(ports.pgPort);
afterAll(async () => {
  try {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    for (const role of [service.role, owner.role, `${service.role}_x`])
      await admin.unsafe(`drop role if exists "${role}"`);
  } finally {
    await admin.end();
  }
});

describe('two database roles: migrate as the owner, serve as the restricted role', () => {
  test("the image's `migrate` creates the services' role, migrates, and grants it only its share", async () => {
    await admin.unsafe(`create role "${owner.role}" login createrole password '${owner.password}'`);
    await admin.unsafe(`create database "${database}" owner "${owner.role}"`);
    const env = { DATABASE_URL: url(service), DATABASE_OWNER_URL: url(owner), LOG_LEVEL: 'warn' };
    const first = entrypoint('migrate', env);
    expect({ exitCode: first.exitCode, output: first.output }).toEqual({
      exitCode: 0,
      output: expect.any(String),
    });
    // Again: nothing to do, the role is kept as it is.
    expect(entrypoint('migrate', env).exitCode).toBe(0);

    const [made] = await admin<
      { rolsuper: boolean; rolcreaterole: boolean; rolcanlogin: boolean }[]
    >`
      select rolsuper, rolcreaterole, rolcanlogin from pg_roles where rolname = ${service.role}`;
    expect(made).toEqual({ rolsuper: false, rolcreaterole: false, rolcanlogin: true });

    const app = postgres(url(service), { max: 1, onnotice: () => {} });
    try {
      // It reads and writes the tables, and only reads and appends to the audit log.
      const [rights] = await app<Record<string, boolean>[]>`
        select has_table_privilege('users', 'update') as users_update,
               has_table_privilege('audit_log', 'insert') as audit_insert,
               has_table_privilege('audit_log', 'select') as audit_select,
               has_table_privilege('audit_log', 'update') as audit_update,
               has_table_privilege('audit_log', 'delete') as audit_delete,
               has_database_privilege(current_database(), 'create') as create_schema`;
      expect(rights).toEqual({
        users_update: true,
        audit_insert: true,
        audit_select: true,
        audit_update: false,
        audit_delete: false,
        create_schema: false,
      });
      const refused = await app`delete from audit_log`.then(
        () => 'deleted',
        (err: { code?: string }) => err.code,
      );
      expect(refused).toBe('42501');
      // Nor can it migrate: the api leaves that to `migrate` (DB_MIGRATE_ON_START=false).
      const alter = await app`alter table users add column nope int`.then(
        () => 'altered',
        (err: { code?: string }) => err.code,
      );
      expect(alter).toBe('42501');
      // It reads the migrations' journals, so a start on its own connection finds nothing
      // pending; it may not write them.
      const services = createDatabase({
        url: url(service),
        poolMax: 1,
        applicationName: 'roles-test',
        logger: silent,
      });
      try {
        expect(await migrationsPending(services, deployment.migrations)).toBe(false);
        const forged = await app`delete from drizzle.__platform_migrations`.then(
          () => 'deleted',
          (err: { code?: string }) => err.code,
        );
        expect(forged).toBe('42501');
        // A table it holds no grant on (a migration run that stopped before its grants): pending,
        // so the start runs `migrate`'s path, which grants.
        const ownerSql = postgres(url(owner), { max: 1, onnotice: () => {} });
        try {
          await ownerSql`create table ungranted (id int)`;
          expect(await migrationsPending(services, deployment.migrations)).toBe(true);
          await ownerSql`drop table ungranted`;
        } finally {
          await ownerSql.end();
        }
      } finally {
        await services.close();
      }
    } finally {
      await app.end();
    }
  }, 180_000);

  test("an owner that may not create roles is told to create the services' role first", async () => {
    await admin.unsafe(`alter role "${owner.role}" nocreaterole`);
    const missing = { role: `${service.role}_x`, password: service.password };
    const result = entrypoint('migrate', {
      DATABASE_URL: url(missing),
      DATABASE_OWNER_URL: url(owner),
      LOG_LEVEL: 'warn',
    });
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toContain('docs/deployment.md#database-roles');
    const [exists] = await admin`select 1 from pg_roles where rolname = ${missing.role}`;
    expect(exists).toBeUndefined();
  }, 60_000);

  test("`migrate` writes AUDIT_RETENTION_DAYS into the database as the owner, again when only it changed; the services' role may not", async () => {
    const env = { DATABASE_URL: url(service), DATABASE_OWNER_URL: url(owner), LOG_LEVEL: 'warn' };
    const app = postgres(url(service), { max: 1, onnotice: () => {} });
    try {
      const retention = async () => {
        const [row] = await app<{ days: number }[]>`
          select retention_days as days from audit_settings`;
        return row?.days;
      };
      expect(await retention()).toBe(0);
      expect(entrypoint('migrate', { ...env, AUDIT_RETENTION_DAYS: '30' }).exitCode).toBe(0);
      expect(await retention()).toBe(30);
      // Unset again: kept forever.
      expect(entrypoint('migrate', env).exitCode).toBe(0);
      expect(await retention()).toBe(0);
      const [rights] = await app<Record<string, boolean>[]>`
        select has_table_privilege('audit_settings', 'select') as read,
               has_table_privilege('audit_settings', 'update') as write`;
      expect(rights).toEqual({ read: true, write: false });
      const refused = await app`update audit_settings set retention_days = 1`.then(
        () => 'updated',
        (err: { code?: string }) => err.code,
      );
      expect(refused).toBe('42501');
    } finally {
      await app.end();
    }
  }, 120_000);
});
