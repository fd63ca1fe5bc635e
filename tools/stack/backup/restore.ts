import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import type postgres from 'postgres';
import { chownToServiceUser } from '../system';
import { pgbackrest, repositoryInfo, type Stanza } from './pgbackrest';
import { type RestoreTarget, restoreOptions, targetInstant } from './restore-target';
import { backupsOnTimeline, parseHistory, timelineOf } from './timelines';

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
  const set = target.kind === 'backup' ? undefined : await backupFor(stanza, target);
  await pgbackrest(stanza, 'restore', [
    `--pg1-path=${dataDir}`,
    ...restoreOptions(target, set),
    ...(options.extraArgs ?? []),
  ]);
  return { aside };
}

/**
 * The backup to restore a time or the latest change from: the newest one on the history of the
 * newest timeline the archive holds (timelines.ts) that ended before the time.
 */
async function backupFor(stanza: Stanza, target: RestoreTarget): Promise<string | undefined> {
  const info = await repositoryInfo(stanza);
  if (!info.archive) return undefined;
  const dir = `archive/${stanza.stanza}/${info.archive.id}`;
  const histories = (await pgbackrest(stanza, 'repo-ls', [dir]))
    .split('\n')
    .filter((name) => /^[0-9A-F]{8}\.history$/.test(name.trim()))
    .map((name) => timelineOf(name.trim()));
  const timeline = Math.max(timelineOf(info.archive.max), ...histories);
  const history =
    timeline > 1
      ? parseHistory(
          await pgbackrest(stanza, 'repo-get', [
            `${dir}/${timeline.toString(16).toUpperCase().padStart(8, '0')}.history`,
          ]),
        )
      : [];
  const before = target.kind === 'time' ? targetInstant(target.time) : Number.POSITIVE_INFINITY;
  // pgBackRest records a backup's end to the second: it must have ended a second before.
  const usable = backupsOnTimeline(info.backups, timeline, history).filter(
    (b) => b.stop.getTime() + 1000 <= before,
  );
  const chosen = usable[usable.length - 1];
  if (!chosen)
    throw new Error(
      `no backup on timeline ${timeline}'s history${target.kind === 'time' ? ` ended before ${target.time}` : ''}`,
    );
  return chosen.label;
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
