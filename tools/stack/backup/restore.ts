import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import type postgres from 'postgres';
import { chownToServiceUser } from '../system';
import { pgbackrest, type Stanza } from './pgbackrest';
import { type RestoreTarget, restoreOptions } from './restore-target';

// A restore never writes over a data directory: what is there is moved aside (the operator
// deletes it once the restored cluster is trusted), and pgBackRest fills a fresh, empty one.

/** The name a data directory is kept under when a restore replaces it. */
export function asideName(dataDir: string, at = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return `${dataDir}.before-restore-${stamp}`;
}

/**
 * Restores the stanza's backups into `dataDir` up to `target`: the directory as it was (if any)
 * is moved aside first and its new name answered. The cluster is then ready to start; it
 * replays the archived WAL to the target and promotes itself (awaitPromotion).
 */
export async function restoreDataDirectory(
  stanza: Stanza,
  dataDir: string,
  target: RestoreTarget,
  options: { readonly extraArgs?: readonly string[] } = {},
): Promise<{ readonly aside: string | null }> {
  let aside: string | null = null;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    aside = asideName(dataDir);
    renameSync(dataDir, aside);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chownToServiceUser(dataDir);
  await pgbackrest(stanza, 'restore', [
    `--pg1-path=${dataDir}`,
    ...restoreOptions(target),
    ...(options.extraArgs ?? []),
  ]);
  return { aside };
}

/**
 * Waits until the restored cluster has replayed to its target and left recovery (a started
 * server accepts read-only connections long before). `exited` says whether the server stopped:
 * a target the archive cannot reach ends recovery with a FATAL error, not a promotion.
 */
export async function awaitPromotion(
  connect: () => postgres.Sql,
  exited: () => boolean,
  timeoutMs = 30 * 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the restored PostgreSQL stopped before it left recovery');
    const sql = connect();
    try {
      const [row] = await sql<{ recovering: boolean }[]>`select pg_is_in_recovery() as recovering`;
      if (row?.recovering === false) return;
    } catch {
      // Not accepting connections yet (starting up, or replaying before consistency).
    } finally {
      await sql.end({ timeout: 1 }).catch(() => undefined);
    }
    await Bun.sleep(250);
  }
  throw new Error(`the restored PostgreSQL did not leave recovery within ${timeoutMs / 1000} s`);
}
