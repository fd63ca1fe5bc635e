import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../paths';
import { haProfileOn } from '../postgres-ha/profile';
import type { StackSettings } from '../settings';
import { asServiceUser, resolvedDataDir, serviceDataDir } from '../system';
import { type BackupLayout, backupLayout, writeBackupFiles } from './layout';
import type { Stanza } from './pgbackrest';
import { archiveSettings } from './pgbackrest-conf';

// The local stack's backups: its PostgreSQL archives every WAL segment from its first start into
// an encrypted pgBackRest repository in .data/backup (or this checkout's directory outside it,
// system.ts), and the supervisor takes full and differential backups on schedule
// (schedule.ts). `./stack reset` wipes the repository with the rest of .data/.

export const LOCAL_STANZA = 'insightdesk';

/** Present while `./stack restore` works: the schedule takes no backup then. */
export const RESTORING_MARK = join(paths.run, 'restoring');

/** The repository's passphrase, made once; kept apart from the repository, in .data/. */
const CIPHER_PASS_FILE = join(paths.data, 'backup-cipher-pass');

/**
 * Why the stack's backups cannot be taken or restored now, or null. The HA profile's Patroni
 * nodes are not backed up by ./stack: what it backs up is the single PostgreSQL.
 */
export function backupsUnavailable(): string | null {
  return haProfileOn()
    ? 'the stack runs the HA profile (./stack up --ha), whose nodes ./stack does not back up: ./stack down, then ./stack up for the single PostgreSQL (docs/backups.md)'
    : null;
}

/** The local stack's backup directory (made by bootstrap: ensureLocalBackups). */
export function localBackupLayout(): BackupLayout {
  return backupLayout(resolvedDataDir('backup'));
}

export function localStanza(): Stanza {
  const layout = localBackupLayout();
  return { configFile: layout.configFile, stanza: LOCAL_STANZA, passFile: layout.passFile };
}

/** The archiving settings of the stack's PostgreSQL (processes.ts: the one place they are set). */
export function localArchiveSettings(settings: StackSettings): Record<string, string> {
  return archiveSettings({
    configFile: localBackupLayout().configFile,
    stanza: LOCAL_STANZA,
    timeoutSeconds: settings.stack.backup.archiveTimeoutSeconds,
  });
}

function cipherPass(): string {
  if (!existsSync(CIPHER_PASS_FILE))
    writeFileSync(CIPHER_PASS_FILE, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(CIPHER_PASS_FILE, 'utf8').trim();
}

/**
 * Bootstrap's part: pgBackRest's files for the stack's cluster, and its stanza, created offline
 * (`--no-online`) before PostgreSQL first starts — so the very first WAL segment it archives
 * finds the repository ready, and `pg_stat_archiver` counts no failure.
 */
export function ensureLocalBackups(settings: StackSettings): void {
  const layout = backupLayout(serviceDataDir('backup'));
  const stanza = writeBackupFiles(layout, {
    stanza: LOCAL_STANZA,
    pgPath: resolvedDataDir('pg'),
    pgPort: settings.stack.pgPort,
    password: readFileSync(paths.pgSuperuserPassword, 'utf8').trim(),
    cipherPass: cipherPass(),
    retention: settings.stack.backup.retention,
  });
  if (existsSync(join(layout.repository, 'backup', LOCAL_STANZA, 'backup.info'))) return;
  const created = Bun.spawnSync(
    asServiceUser([
      'pgbackrest',
      `--config=${stanza.configFile}`,
      `--stanza=${LOCAL_STANZA}`,
      '--no-online',
      'stanza-create',
    ]),
    { cwd: '/', stdout: 'pipe', stderr: 'pipe' },
  );
  if (created.exitCode !== 0)
    throw new Error(
      `pgbackrest stanza-create failed: ${created.stderr.toString().trim() || created.stdout.toString().trim()}`,
    );
}
