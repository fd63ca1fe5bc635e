import { ensureLoginRole } from '@insightdesk/shared/db';
import postgres from 'postgres';
import type { HaLayout } from './layout';

/**
 * The services' two roles (the schema's owner, the services' own) and their database on a
 * topology, made through HAProxy's primary listener as its superuser — what db-setup does on the
 * stack's PostgreSQL. The migrations are the api's (DB_MIGRATE_ON_START) or db-setup's.
 */
export async function createServiceDatabase(
  layout: HaLayout,
  appUrl: string,
  ownerUrl: string,
): Promise<void> {
  const admin = postgres({
    host: '127.0.0.1',
    port: layout.haproxy.primaryPort,
    user: 'postgres',
    password: layout.superuserPassword,
    database: 'postgres',
    max: 1,
    onnotice: () => undefined,
  });
  try {
    await ensureLoginRole(admin, ownerUrl);
    await ensureLoginRole(admin, appUrl);
    const database = new URL(appUrl).pathname.slice(1);
    const owner = decodeURIComponent(new URL(ownerUrl).username);
    const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!exists) await admin.unsafe(`create database "${database}" owner "${owner}"`);
  } finally {
    await admin.end();
  }
}
