import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import { createDatabase, type Database } from '@insightdesk/shared/db';
import { createLogger } from '@insightdesk/shared/logger';
import { superuser } from '../../tools/stack/pg-superuser';
import { ports, ROOT } from './stack';

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent', format: 'json' });
const { db } = loadConfig({ db: dbConfig }, { dir: ROOT });
/** The scratch databases made so far (this process's), for `dropScratchDatabases`. */
const made: string[] = [];

/**
 * A new, empty database of the stack's cluster, owned by the application's role (made again if a
 * killed run left it), and a handle on it: for what must not meet the stack's own data or
 * services (a migration history, a relay of the test's own).
 */
export async function scratchDatabase(
  name: string,
  options: { poolMax?: number; applicationName?: string } = {},
): Promise<Database & { readonly url: string }> {
  const database = `insightdesk_${name}_${process.pid}`;
  const owner = decodeURIComponent(new URL(db.url).username);
  const admin = superuser(ports.pgPort);
  try {
    await admin.unsafe(`drop database if exists "${database}" with (force)`);
    await admin.unsafe(`create database "${database}" owner "${owner}"`);
  } finally {
    await admin.end();
  }
  made.push(database);
  const url = Object.assign(new URL(db.url), { pathname: `/${database}` }).toString();
  const handle = createDatabase({
    url,
    poolMax: options.poolMax ?? 2,
    applicationName: options.applicationName ?? `test-${name}`,
    logger,
  });
  return Object.assign(handle, { url });
}

/** Drops every scratch database this process made (their handles closed or not). */
export async function dropScratchDatabases(): Promise<void> {
  const admin = superuser(ports.pgPort);
  try {
    for (const database of made.splice(0))
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
  } finally {
    await admin.end();
  }
}
